package io.greetwire.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What every benchmark shares: a server and a client named by parameters, the server started once
 * per trial on an ephemeral loopback port, both closed at the end of the trial.
 *
 * <p>The default parameter lists are the full matrix (every server × every client); restrict a run
 * with JMH's {@code -p server=...,... -p client=...}. A transport that is not in the jar fails its
 * benchmark at setup with a message saying so (the other benchmarks go on).
 */
@State(Scope.Benchmark)
public abstract class ServerClientState {
    /** Greetwire transports, with Netty's flavours, and the hand-written floor of each I/O model. */
    @Param({"blocking", "nio", "netty", "netty/epoll", "netty/nio",
            "base-blocking", "base-nio", "base-netty", "base-netty/epoll", "base-netty/nio"})
    public String server;

    /** {@code raw} is the minimal blocking client, the floor every client is compared with. */
    @Param({"raw", "blocking", "nio", "netty"})
    public String client;

    /** Event loops / selector threads on each side: 2 cores here, shared by server and client. */
    @Param({"1"})
    public int ioThreads;

    /** The server under test, started by {@link #open}. */
    protected BenchServer srv;
    /** The client under test, made by {@link #open}. */
    protected BenchClient cli;
    /** Where {@link #srv} listens: loopback and a port, or a Unix socket path. */
    protected SocketAddress address;
    /** The temporary directory of the Unix socket, when {@link #channel()} is {@code unix}. */
    private Path socketDir;
    /** The TLS settings of {@link #tls()} and the count of handshakes that resumed; made by {@link #open}. */
    protected BenchTls tlsSettings;

    /**
     * {@code tcp} (loopback, an ephemeral port) or {@code unix} (a socket in a temporary
     * directory); {@code tcp} unless a benchmark has a {@code channel} parameter.
     */
    protected String channel() {
        return "tcp";
    }

    /**
     * {@code none}, {@code full} or {@code resumed} (see {@link BenchTls}); {@code none} unless a
     * benchmark has a {@code tls} parameter.
     */
    protected String tls() {
        return "none";
    }

    /** The server's key over TLS, {@code ec} (P-256) or {@code rsa} (2048); {@code ec} unless a benchmark has a parameter. */
    protected String key() {
        return "ec";
    }

    /**
     * Starts the server and creates the client; call from each benchmark's trial setup. A pair that
     * cannot run over {@link #tls()} on {@link #channel()} fails here, saying why (the others go on).
     */
    protected final void open(Servers.Greeting greeting, int maxBytes) throws Exception {
        String unsupported = BenchTls.unsupported(server, client, channel(), tls());
        if (unsupported != null) {
            throw new IllegalStateException("not measured: server " + server + ", client " + client + ", channel "
                    + channel() + ", tls=" + tls() + ": " + unsupported);
        }
        tlsSettings = BenchTls.create(tls(), key(), channel().equals(Report.UNIX));
        switch (channel()) {
            case "tcp":
                srv = Servers.start(server, greeting, ioThreads, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        tlsSettings.server());
                break;
            case "unix":
                socketDir = Files.createTempDirectory("greetwire-bench");
                srv = Servers.start(server, greeting, ioThreads, UnixDomainSocketAddress.of(socketDir.resolve("s.sock")),
                        tlsSettings.server());
                break;
            default:
                throw new IllegalArgumentException("channel: must be tcp or unix, got '" + channel() + "'");
        }
        address = srv.address();
        cli = BenchClient.create(client, greeting.format(), maxBytes, ioThreads, tlsSettings);
        // One fetch before measuring: a broken pair fails here, with its own message.
        int n = fetchChecked();
        if (tlsSettings.enabled()) {
            // and one more, which must handshake as the mode says (resume, or not)
            tlsSettings.takeCounts();
            fetchChecked();
            tlsSettings.checkEvery("server " + server + ", client " + client + ", the fetch after the first");
        }
        System.out.println("# greetwire: server " + server + " runs as " + srv.describe() + " on " + address
                + ", client " + cli.describe() + (cli.isAsync() ? " (async)" : " (blocking)")
                + (tlsSettings.enabled() ? ", " + tlsSettings : "") + ", first greeting " + n + " bytes");
    }

    /** One synchronous fetch; port exhaustion fails with its explanation. */
    protected final int fetchChecked() throws Exception {
        try {
            return cli.fetch(address);
        } catch (Exception e) {
            PortExhaustion.check(address, e);
            throw e;
        }
    }

    /** Closes the client, then the server; each benchmark calls it from its trial teardown. */
    protected final void closeAll() {
        if (cli != null) {
            cli.close();
            cli = null;
        }
        if (srv != null) {
            srv.close();
            srv = null;
        }
        if (socketDir != null) {
            try (var files = Files.list(socketDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f); // the baselines leave their socket file behind
                }
                Files.deleteIfExists(socketDir);
            } catch (IOException ignored) {
                // a temporary directory
            }
            socketDir = null;
        }
        if (tlsSettings != null) {
            tlsSettings.close();
            tlsSettings = null;
        }
    }
}
