package io.greetwire.bench;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * <p>The settings come from {@link BenchTls}: {@code full} is a client whose engines never find a
 * session; {@code resumed} keeps its sessions, so every fetch after the first resumes (one at a
 * time, each brings the ticket the next one uses). Each mode is checked, not assumed: setup fails
 * unless the fetch after the first handshakes as the mode says, and an iteration fails if any timed
 * fetch did not (by {@link Greeting#tlsResumed()}), naming server, client and key.
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
    private BenchTls settings;
    private SocketAddress address;
    /** The temporary directory of the Unix socket, for {@code channel=unix}. */
    private Path dir;

    /**
     * Starts the server and the client, and checks that a fetch handshakes as {@code tls} says.
     *
     * @throws Exception if either cannot start, or the check fails
     */
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
            sb.option(Servers.NETTY_TLS_PROVIDER_OPTION, "jdk");
        }
        settings = BenchTls.create(tls, key, channel.equals(Report.UNIX));
        if (settings.enabled()) {
            sb.tls(settings.server());
            cb.tls(settings.client());
        }
        srv = Transports.get(server.replace("-jdk", "")).newServer(sb.build());
        address = srv.start();
        cli = Transports.get(client).newClient(cb.build());
        cli.fetch(address); // a broken pair fails here
        if (settings.enabled()) {
            settings.takeCounts();
            settings.count(cli.fetch(address));
            settings.checkEvery(who() + ", the fetch after the first");
        }
        System.out.println("# greetwire: " + srv.stats().transport() + " <- " + client + " tls=" + tls + " key=" + key
                + " channel=" + channel);
    }

    private String who() {
        return "server " + server + ", client " + client + ", key " + key + ", channel " + channel;
    }

    /**
     * One fetch of the seed's greeting, connect to close.
     *
     * @return the greeting's length, so that nothing is optimised away
     * @throws Exception if the fetch fails
     */
    @Benchmark
    public int fetch() throws Exception {
        Greeting g = cli.fetch(address);
        settings.count(g);
        return g.length();
    }

    /** Fails the run if any fetch of this iteration handshook otherwise than {@code tls} says. */
    @TearDown(Level.Iteration)
    public void checkIteration() {
        settings.checkEvery(who());
    }

    /** Closes the client and the server, deletes the certificate and the socket's directory. */
    @TearDown(Level.Trial)
    public void teardown() {
        if (cli != null) {
            cli.close();
        }
        if (srv != null) {
            srv.close();
        }
        if (settings != null) {
            settings.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (java.io.IOException ignored) {
                // a temporary directory
            }
        }
    }
}
