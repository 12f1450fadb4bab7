package io.greetwire.bench;

import io.greetwire.ClientTls;
import io.greetwire.Greeting;
import io.greetwire.ServerTls;
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
import java.util.concurrent.atomic.LongAdder;

/**
 * The TLS side of a benchmark with a {@code tls} parameter, made the same way for every benchmark:
 * a throw-away self-signed certificate (EC P-256 or RSA 2048, for 127.0.0.1 and {@code localhost}),
 * the server's and the client's settings for the mode, and the count of fetches that resumed.
 *
 * <p>Modes: {@code none} (no TLS), {@code full} (the client's engines never find a session:
 * {@link NoResumeContext}), {@code resumed} (the client's own session cache: every fetch that finds
 * a ticket resumes). The JDK's client uses each TLS 1.3 ticket once, keeps at most 10 per server,
 * and drops those it holds when a full handshake to that server completes (its session replaces
 * them); its server sends one ticket per handshake. So one fetch at a time always resumes, while of
 * many in flight some find no ticket, handshake in full, and so drop the tickets of others. The
 * counts say how many resumed.
 */
final class BenchTls implements AutoCloseable {
    /** The modes, as the benchmarks' {@code tls} parameter takes them. */
    static final List<String> MODES = List.of("none", "full", "resumed");
    /** The name the certificate carries and a client over a Unix socket checks it against. */
    static final String SERVER_NAME = "localhost";
    private static final String PASSWORD = "bench-only";

    private final String mode;
    private final Path dir;
    private final ServerTls server;
    private final ClientTls client;
    private final LongAdder resumed = new LongAdder();
    private final LongAdder full = new LongAdder();

    private BenchTls(String mode, Path dir, ServerTls server, ClientTls client) {
        this.mode = mode;
        this.dir = dir;
        this.server = server;
        this.client = client;
    }

    /**
     * The settings of {@code mode} with a new {@code key} ({@code ec} or {@code rsa}); {@code unix}:
     * the client checks the certificate against {@link #SERVER_NAME}, as a Unix socket has no host.
     */
    static BenchTls create(String mode, String key, boolean unix) throws IOException, InterruptedException {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("tls: must be one of " + MODES + ", got '" + mode + "'");
        }
        if (!key.equals("ec") && !key.equals("rsa")) {
            throw new IllegalArgumentException("key: must be ec or rsa, got '" + key + "'");
        }
        if (mode.equals("none")) {
            return new BenchTls(mode, null, null, null);
        }
        Path dir = Files.createTempDirectory("greetwire-bench-tls");
        try {
            Path[] pem = selfSigned(dir, key);
            ClientTls trusting = ClientTls.builder().trust(pem[0]).build();
            ClientTls.Builder cb = mode.equals("full")
                    ? ClientTls.builder().sslContext(new NoResumeContext(trusting.sslContext()))
                    : ClientTls.builder().trust(pem[0]);
            if (unix) {
                cb.serverName(SERVER_NAME);
            }
            return new BenchTls(mode, dir, ServerTls.fromPem(pem[0], pem[1]).build(), cb.build());
        } catch (IOException | RuntimeException | GeneralSecurityException e) {
            deleteDir(dir);
            throw e instanceof IOException ? (IOException) e : new IOException("cannot make the benchmark's certificate: " + e, e);
        }
    }

    /**
     * Why {@code server} and {@code client} cannot run over TLS on {@code channel}, or {@code null}
     * if they can: the baselines and the raw client speak no TLS (every Greetwire transport speaks
     * it on TCP and on a Unix socket).
     */
    static String unsupported(String server, String client, String channel, String mode) {
        if (mode.equals("none")) {
            return null;
        }
        if (Servers.isBaseline(server)) {
            return "the baseline server " + server + " speaks no TLS";
        }
        if (client.equals(BenchClient.RAW)) {
            return "the raw client speaks no TLS";
        }
        return null;
    }

    /** Whether there is TLS at all ({@code full} or {@code resumed}). */
    boolean enabled() { return server != null; }

    /** The server's setting; {@code null} for {@code none}. */
    ServerTls server() { return server; }

    /** The client's setting; {@code null} for {@code none}. */
    ClientTls client() { return client; }

    /** Counts one fetch's handshake; thread-safe (asynchronous fetches complete on I/O threads). */
    void count(Greeting g) {
        (g.tlsResumed() ? resumed : full).increment();
    }

    /** The fetches counted since the last call, {resumed, full}; resets the counts. */
    long[] takeCounts() {
        return new long[] {resumed.sumThenReset(), full.sumThenReset()};
    }

    /**
     * Fails unless every fetch counted since the last call handshook as the mode says; resets the
     * counts. {@code who} names the server, client and key for the message.
     */
    void checkEvery(String who) {
        long[] c = takeCounts();
        long wrong = mode.equals("resumed") ? c[1] : mode.equals("full") ? c[0] : 0;
        if (wrong > 0) {
            throw new IllegalStateException("tls=" + mode + " but " + wrong + " of " + (c[0] + c[1]) + " fetches "
                    + (mode.equals("resumed") ? "did not resume" : "resumed") + " (" + who + ")");
        }
    }

    /**
     * For fetches started together: fails if a {@code full} fetch resumed; returns the share that
     * resumed, for the log ({@code NaN} without TLS or fetches). A {@code resumed} run is not failed
     * for a low share: that is the JDK's cache under concurrency (see the class comment), which
     * setup has already shown resumes one fetch at a time.
     */
    double checkShare(String who) {
        long[] c = takeCounts();
        long n = c[0] + c[1];
        if (!enabled() || n == 0) {
            return Double.NaN;
        }
        if (mode.equals("full") && c[0] > 0) {
            throw new IllegalStateException("tls=full but " + c[0] + " of " + n + " fetches resumed (" + who + ")");
        }
        return (double) c[0] / n;
    }

    /** Deletes the certificate files. */
    @Override
    public void close() {
        if (dir != null) {
            deleteDir(dir);
        }
    }

    private static void deleteDir(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    /** A self-signed certificate for 127.0.0.1 and localhost and its PKCS#8 key, as PEM files: {cert, key}. */
    static Path[] selfSigned(Path dir, String key) throws IOException, InterruptedException, GeneralSecurityException {
        Path ks = dir.resolve("bench.p12");
        List<String> alg = key.equals("rsa") ? List.of("-keyalg", "RSA", "-keysize", "2048")
                : List.of("-keyalg", "EC", "-groupname", "secp256r1");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bench", "-dname", "CN=" + SERVER_NAME, "-ext", "san=ip:127.0.0.1,dns:" + SERVER_NAME,
                "-validity", "1", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        cmd.addAll(alg);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASSWORD.toCharArray());
        }
        Path cert = dir.resolve("cert.pem");
        Path pkey = dir.resolve("key.pem");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(store.getCertificate("bench").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(pkey, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(store.getKey("bench", PASSWORD.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, pkey};
    }

    @Override
    public String toString() {
        return "tls=" + mode;
    }
}
