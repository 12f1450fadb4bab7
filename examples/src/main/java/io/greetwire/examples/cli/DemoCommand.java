package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.ServerTls;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: nothing to set up; one server, one greeting per available client transport. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Starts a server on an ephemeral loopback port and fetches one greeting with each transport's client.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--transport", description = "the server's transport (default: the best available)")
    String transport;

    @Option(names = "--format", description = "seed, text, daytime or time (default: ${DEFAULT-VALUE})", defaultValue = "seed")
    GreetingFormat format;

    @Option(names = "--unix", description = "serve on a Unix domain socket in a temporary directory instead of TCP loopback")
    boolean unix;

    @Option(names = "--tls", description = "greet over TLS with a throw-away self-signed certificate (made with the JDK's keytool)")
    boolean tls;

    @Override
    public Integer call() throws Exception {
        ServerConfig.Builder b = ServerConfig.builder().format(format);
        ClientTls clientTls = null;
        java.nio.file.Path dir = null;
        if (unix || tls) {
            dir = java.nio.file.Files.createTempDirectory("greetwire-demo");
        }
        if (unix) {
            b.unixPath(dir.resolve("greet.sock"));
        } else {
            b.bindAddress(InetAddress.getLoopbackAddress()).port(0);
        }
        if (tls) {
            SelfSigned.Files2 pem = SelfSigned.make(dir);
            System.out.println("tls: a self-signed certificate for 127.0.0.1 and localhost in " + dir);
            b.tls(ServerTls.fromPem(pem.cert(), pem.key()).build());
            ClientTls.Builder ct = ClientTls.builder().trust(pem.cert());
            if (unix) {
                ct.serverName("localhost"); // a Unix socket has no host to check the certificate against
            }
            clientTls = ct.build();
        }
        try {
            return run(b.build(), clientTls);
        } finally {
            if (dir != null) { // the server removed its socket file on close
                try (var files = java.nio.file.Files.list(dir)) {
                    for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                }
                java.nio.file.Files.deleteIfExists(dir);
            }
        }
    }

    private int run(ServerConfig config, ClientTls clientTls) throws Exception {
        try (GreetingServer server = Cli.transport(transport).newServer(config)) {
            SocketAddress address = server.start();
            System.out.println("server: listening on " + Cli.hostPort(address) + " transport=" + server.stats().transport()
                    + " format=" + Cli.formatName(format));
            for (GreetingTransport t : Transports.all()) {
                if (!t.isAvailable()) {
                    System.out.println(t.name() + " client: not available: " + t.unavailableReason());
                    continue;
                }
                try (GreetingClient client = t.newClient(ClientConfig.builder().format(format).tls(clientTls).build())) {
                    client.fetch(address); // the first fetch of a JVM times class loading; show a warm one
                    Greeting g = client.fetch(address);
                    System.out.print(t.name() + " client: " + Cli.printable(g));
                    System.out.println("    " + Cli.timings(g));
                } catch (GreetingException e) { // a client that fails says why, and the others still run
                    System.out.println(t.name() + " client: " + e.getMessage());
                }
            }
            System.out.println("server: " + server.stats());
        }
        return 0;
    }
}
