package io.greetwire.bench;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerTls;
import io.greetwire.spi.Transports;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSessionContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What TLS costs at connection setup: the latency of one {@code fetch} of the seed's greeting
 * without TLS, with a full TLS 1.3 handshake, and with a resumed one (a session ticket), for an
 * EC P-256 and an RSA 2048 key; for netty with each provider of the server; over TCP loopback or
 * (asked for) a Unix socket.
 *
 * <p>{@code full} forgets the client's sessions after every fetch (the cost of that is a few
 * map operations, nothing next to a handshake); {@code resumed} keeps them, so every fetch after
 * the first resumes. The certificate is a throw-away self-signed one made with the JDK's keytool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TlsSetupBenchmark {
    /** {@code netty} runs its server on OpenSSL (netty-tcnative is in this jar), {@code netty-jdk} on the JDK. */
    @Param({"blocking", "nio", "netty", "netty-jdk"})
    public String server;

    @Param({"blocking", "nio", "netty"})
    public String client;

    @Param({"none", "full", "resumed"})
    public String tls;

    @Param({"ec", "rsa"})
    public String key;

    /**
     * {@code tcp} (loopback), or {@code unix}: a Unix socket in a temporary directory, the client
     * checking the name {@code localhost}. Only {@code tcp} by default (the report's table); ask
     * for {@code -p channel=tcp,unix} to compare.
     */
    @Param({"tcp"})
    public String channel;

    private GreetingServer srv;
    private GreetingClient cli;
    private SSLSessionContext sessions;
    private SocketAddress address;
    private Path dir;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("greetwire-bench-tls");
        ServerConfig.Builder sb = ServerConfig.builder().format(GreetingFormat.SEED).ioThreads(1);
        if (channel.equals("unix")) {
            sb.unixPath(dir.resolve("bench.sock"));
        } else {
            sb.bindAddress(InetAddress.getLoopbackAddress()).port(0);
        }
        ClientConfig.Builder cb = ClientConfig.builder().format(GreetingFormat.SEED).ioThreads(1);
        if (server.equals("netty-jdk")) {
            sb.option("netty.tls.provider", "jdk");
        }
        if (!tls.equals("none")) {
            Path[] pem = selfSigned(dir, key);
            sb.tls(ServerTls.fromPem(pem[0], pem[1]).build());
            ClientTls.Builder ctb = ClientTls.builder().trust(pem[0]);
            if (channel.equals("unix")) {
                ctb.serverName("localhost"); // no host to check the certificate against
            }
            ClientTls ct = ctb.build();
            sessions = ct.sslContext().getClientSessionContext();
            cb.tls(ct);
        }
        srv = Transports.get(server.replace("-jdk", "")).newServer(sb.build());
        address = srv.start();
        cli = Transports.get(client).newClient(cb.build());
        cli.fetch(address); // a broken pair fails here
        System.out.println("# greetwire: " + srv.stats().transport() + " <- " + client + " tls=" + tls + " key=" + key
                + " channel=" + channel);
    }

    @Benchmark
    public int fetch() throws Exception {
        int n = cli.fetch(address).length();
        if (tls.equals("full")) {
            for (byte[] id : Collections.list(sessions.getIds())) {
                var s = sessions.getSession(id);
                if (s != null) {
                    s.invalidate();
                }
            }
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void teardown() throws IOException {
        if (cli != null) {
            cli.close();
        }
        if (srv != null) {
            srv.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, as PEM files: {cert, key}. */
    static Path[] selfSigned(Path dir, String key) throws IOException, InterruptedException, GeneralSecurityException {
        Path ks = dir.resolve("bench.p12");
        List<String> alg = key.equals("rsa") ? List.of("-keyalg", "RSA", "-keysize", "2048")
                : List.of("-keyalg", "EC", "-groupname", "secp256r1");
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bench", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-validity", "1", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "bench-only", "-keypass", "bench-only"));
        cmd.addAll(alg);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "bench-only".toCharArray());
        }
        Path cert = dir.resolve("cert.pem");
        Path pkey = dir.resolve("key.pem");
        Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(store.getCertificate("bench").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(pkey, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(store.getKey("bench", "bench-only".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, pkey};
    }
}
