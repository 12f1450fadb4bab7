package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(0).format(format).build();
        try (GreetingServer server = Cli.transport(transport).newServer(config)) {
            InetSocketAddress address = server.start();
            System.out.println("server: listening on " + Cli.hostPort(address) + " transport=" + server.stats().transport()
                    + " format=" + Cli.formatName(format));
            for (GreetingTransport t : Transports.all()) {
                if (!t.isAvailable()) {
                    System.out.println(t.name() + " client: not available: " + t.unavailableReason());
                    continue;
                }
                try (GreetingClient client = t.newClient(ClientConfig.builder().format(format).build())) {
                    client.fetch(address); // the first fetch of a JVM times class loading; show a warm one
                    Greeting g = client.fetch(address);
                    System.out.print(t.name() + " client: " + Cli.printable(g));
                    System.out.println("    " + Cli.timings(g));
                }
            }
            System.out.println("server: " + server.stats());
        }
        return 0;
    }
}
