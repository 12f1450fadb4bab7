package io.greetwire.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away self-signed certificate for {@code demo --tls}: EC P-256 for 127.0.0.1, ::1 and
 * localhost, valid one day, made with the running JDK's own {@code keytool} (so the demo needs
 * nothing else) and written as the PEM files Greetwire takes.
 */
final class SelfSigned {
    private static final String PASS = "demo-only";

    /** The PEM certificate and PKCS#8 key written. */
    record Files2(Path cert, Path key) { }

    private SelfSigned() { }

    static Files2 make(Path dir) throws IOException, InterruptedException {
        Path ks = dir.resolve("demo.p12");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "demo", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,ip:::1,dns:localhost", "-validity", "1",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool could not make the demo certificate: " + out);
        }
        try (InputStream in = Files.newInputStream(ks)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASS.toCharArray());
            Path cert = dir.resolve("demo-cert.pem");
            Path key = dir.resolve("demo-key.pem");
            Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("demo").getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", store.getKey("demo", PASS.toCharArray()).getEncoded()));
            return new Files2(cert, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the demo certificate keytool made: " + e, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
