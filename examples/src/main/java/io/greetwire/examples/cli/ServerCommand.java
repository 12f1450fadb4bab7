package io.greetwire.examples.cli;

import io.greetwire.ConnectionListener;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerTls;
import io.greetwire.TlsVersion;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code server}: the seed's server, done properly; runs until SIGINT or SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Greets every client and closes, until SIGINT/SIGTERM; then stops gracefully.")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--transport", description = "blocking, nio or netty (default: ${DEFAULT-VALUE})", defaultValue = "blocking")
    String transport;

    @Option(names = "--bind", description = "address to bind (default: all interfaces, like the seed)")
    String bind;

    @Option(names = "--port", description = "port, 0 for an ephemeral one (default: ${DEFAULT-VALUE})", defaultValue = "20000")
    int port;

    @Option(names = "--unix", paramLabel = "PATH",
            description = "serve on a Unix domain socket at PATH instead of TCP (a stale socket there is replaced)")
    java.nio.file.Path unix;

    @Option(names = "--socket-permissions", paramLabel = "MODE",
            description = "the Unix socket file's permissions (default: ${DEFAULT-VALUE})",
            defaultValue = ServerConfig.DEFAULT_SOCKET_PERMISSIONS)
    String socketPermissions;

    @Option(names = "--format", description = "seed, text, daytime or time (default: ${DEFAULT-VALUE})", defaultValue = "seed")
    GreetingFormat format;

    @Option(names = "--message", description = "a fixed greeting instead of the seed's timestamped one")
    String message;

    @Option(names = "--quiet", description = "do not print a line per connection")
    boolean quiet;

    @Option(names = "--max-connections", description = "connections open at once (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_CONNECTIONS)
    int maxConnections;

    @Option(names = "--write-timeout", description = "seconds a greeting may take to write (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ServerConfig.DEFAULT_WRITE_TIMEOUT_SECONDS)
    long writeTimeoutSeconds;

    @Option(names = "--io-threads", description = "I/O threads, 0 lets the transport choose (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int ioThreads;

    @Option(names = "--jmx-name", description = "the JMX MBean's name: io.greetwire:type=GreetingServer,name=<this>"
            + " (default: the transport's name)")
    String jmxName;

    @Option(names = "--option", description = "a transport option KEY=VALUE, e.g. netty.flavour=epoll")
    java.util.Map<String, String> options = new java.util.HashMap<>();

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve TLS with this PEM certificate chain (leaf first); needs --tls-key")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "the PEM PKCS#8 private key (EC or RSA) of --tls-cert")
    java.nio.file.Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "FILE", description = "require client certificates signed by a CA of this PEM file")
    java.nio.file.Path tlsClientCa;

    @Option(names = "--tls12", description = "also accept TLS 1.2 (default: TLS 1.3 only)")
    boolean tls12;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        ServerConfig.Builder b = ServerConfig.builder()
                .port(port)
                .format(format)
                .maxConnections(maxConnections)
                .writeTimeout(Duration.ofSeconds(writeTimeoutSeconds))
                .ioThreads(ioThreads)
                .jmxName(jmxName != null ? jmxName : transport); // so that jconsole and jcmd see it
        if (bind != null) {
            b.bindAddress(Cli.resolve(bind));
        }
        if (unix != null) {
            b.unixPath(unix).socketPermissions(permissions(socketPermissions));
        }
        if (message != null) {
            b.greeting(message);
        }
        options.forEach(b::option);
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            ServerTls.Builder tls = ServerTls.fromPem(tlsCert, tlsKey);
            if (tlsClientCa != null) {
                tls.clientCa(tlsClientCa);
            }
            if (tls12) {
                tls.versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2);
            }
            b.tls(tls.build());
        } else if (tlsClientCa != null || tls12) {
            throw new IllegalArgumentException("--tls-client-ca and --tls12 need --tls-cert and --tls-key");
        }
        if (!quiet) {
            b.listener(new ConnectionListener() {
                @Override
                public void onAccepted(SocketAddress remote) {
                    if (remote instanceof InetSocketAddress) {
                        InetSocketAddress r = (InetSocketAddress) remote;
                        out.println("connect from client: IP: " + r.getAddress().getHostAddress() + ", Port: " + r.getPort());
                    } else {
                        out.println("connect from client: " + Cli.hostPort(remote));
                    }
                }
            });
        }
        GreetingServer server = Cli.transport(transport).newServer(b.build());
        // The library installs no shutdown hook; a command-line server stops gracefully on SIGINT/SIGTERM.
        Thread hook = new Thread(server::close, "greetwire-cli-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SocketAddress bound = server.start();
            out.println("listening on " + Cli.hostPort(bound) + " transport=" + server.stats().transport()
                    + " format=" + Cli.formatName(format) + (tlsCert == null ? "" : " tls"));
            out.flush();
        } catch (Exception e) {
            server.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        server.awaitTermination();
        return 0;
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(String mode) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.fromString(mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--socket-permissions: must be like rw-rw----, got '" + mode + "'", e);
        }
    }
}
