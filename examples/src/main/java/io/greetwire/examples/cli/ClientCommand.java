package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import java.net.SocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code client}: the seed's client, without its typo and its buffer overflow. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Fetches one greeting and prints it like the seed's client.")
final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "server host or address (none with --unix)")
    String host;

    @Option(names = "--transport", description = "blocking, nio or netty (default: ${DEFAULT-VALUE})", defaultValue = "blocking")
    String transport;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = "--timings", description = "also print connect, first-byte and total times")
    boolean timings;

    @Override
    public Integer call() {
        ClientConfig config;
        SocketAddress server;
        try {
            config = clientOptions.config();
            server = clientOptions.server(host);
        } catch (IllegalArgumentException e) {
            System.err.println("greetwire client: " + e.getMessage());
            return 1;
        }
        try (GreetingClient fetcher = Cli.transport(transport).newClient(config)) {
            Greeting g = fetcher.fetch(server);
            System.out.print("from server " + (host != null ? host : Cli.hostPort(server)) + ":\n\t" + Cli.printable(g));
            if (timings) {
                System.out.println(Cli.timings(g));
            }
            return 0;
        } catch (GreetingException e) {
            System.err.println("greetwire client: " + e.getMessage());
            return 1;
        }
    }
}
