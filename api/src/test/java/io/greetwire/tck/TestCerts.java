package io.greetwire.tck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates, made at test time with the running JDK's {@code keytool} (so the suites need
 * nothing else) and written as PEM, the way users hand them to Greetwire: a CA; servers it signed
 * for 127.0.0.1, ::1 and localhost with an EC P-256 and an RSA 2048 key; one that expired; one
 * for another name; a self-signed one nobody trusts; a client certificate for mutual TLS.
 *
 * <p>Made once per module build in {@code target/test-certs} and reused for a day.
 */
public final class TestCerts {
    private static final String PASS = "changeit";
    private static final String SAN = "san=ip:127.0.0.1,ip:::1,dns:localhost";
    private static Path dir;

    /** A certificate chain (leaf first) and its PKCS#8 key. */
    public record Pair(Path chain, Path key) { }

    private TestCerts() { }

    /** The CA every good certificate chains to. */
    public static Path ca() { return dir().resolve("ca.pem"); }

    /** EC P-256, valid for 127.0.0.1, ::1 and localhost, signed by {@link #ca()}. */
    public static Pair server() { return pair("server"); }

    /** RSA 2048, like {@link #server()}. */
    public static Pair serverRsa() { return pair("server-rsa"); }

    /** Signed by the CA for the right names, but it expired weeks ago. */
    public static Pair expired() { return pair("expired"); }

    /** Signed by the CA, but only for {@code wrong.example}. */
    public static Pair wrongName() { return pair("wrong-name"); }

    /** Self-signed for the right names: nobody trusts it. */
    public static Pair untrusted() { return pair("untrusted"); }

    /** A client certificate signed by the CA, for mutual TLS. */
    public static Pair client() { return pair("client"); }

    private static Pair pair(String name) {
        Path d = dir();
        return new Pair(d.resolve(name + ".pem"), d.resolve(name + ".key"));
    }

    private static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = make(Path.of("target", "test-certs").toAbsolutePath());
            } catch (IOException e) {
                throw new IllegalStateException("cannot make the test certificates: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted making the test certificates", e);
            }
        }
        return dir;
    }

    private static Path make(Path d) throws IOException, InterruptedException {
        Path done = d.resolve("done");
        if (Files.exists(done) && Files.getLastModifiedTime(done).toInstant().isAfter(Instant.now().minus(Duration.ofDays(1)))) {
            return d;
        }
        Path tmp = Files.createTempDirectory(Files.createDirectories(d.getParent()), "test-certs");
        Path ks = tmp.resolve("all.p12");
        keytool(ks, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Greetwire Test CA",
                "-ext", "bc:c", "-validity", "30");
        keytool(ks, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-signer", "ca", "-ext", SAN, "-validity", "30");
        keytool(ks, "-genkeypair", "-alias", "server-rsa", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-signer", "ca", "-ext", SAN, "-validity", "30");
        keytool(ks, "-genkeypair", "-alias", "expired", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-signer", "ca", "-ext", SAN, "-startdate", "-20d", "-validity", "1");
        keytool(ks, "-genkeypair", "-alias", "wrong-name", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=wrong.example",
                "-signer", "ca", "-ext", "san=dns:wrong.example", "-validity", "30");
        keytool(ks, "-genkeypair", "-alias", "untrusted", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", SAN, "-validity", "30");
        keytool(ks, "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=greetwire client",
                "-signer", "ca", "-validity", "30");
        try (InputStream in = Files.newInputStream(ks)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASS.toCharArray());
            for (String alias : List.of("ca", "server", "server-rsa", "expired", "wrong-name", "untrusted", "client")) {
                Certificate[] chain = store.getCertificateChain(alias);
                Key key = store.getKey(alias, PASS.toCharArray());
                List<Certificate> certs = new ArrayList<>(List.of(chain));
                if (alias.equals("ca")) {
                    Files.writeString(tmp.resolve("ca.pem"), pem("CERTIFICATE", chain[0].getEncoded()));
                    continue;
                }
                StringBuilder sb = new StringBuilder();
                for (Certificate c : certs) {
                    sb.append(pem("CERTIFICATE", c.getEncoded()));
                }
                Files.writeString(tmp.resolve(alias + ".pem"), sb);
                Files.writeString(tmp.resolve(alias + ".key"), pem("PRIVATE KEY", key.getEncoded()));
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.writeString(tmp.resolve("done"), Instant.now().toString());
        if (Files.exists(d)) {
            try (var files = Files.list(d)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(d);
        }
        try {
            Files.move(tmp, d, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            return tmp; // another fork made it at the same time: use ours
        }
        return d;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(Path ks, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
