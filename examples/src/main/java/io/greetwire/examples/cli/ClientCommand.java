package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code client}: the seed's client, without its typo and its buffer overflow. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Fetches one greeting and prints it like the seed's client.")
final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "server host or address")
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
        InetSocketAddress server;
        try {
            config = clientOptions.config();
            server = new InetSocketAddress(Cli.resolve(host), clientOptions.port);
        } catch (IllegalArgumentException e) {
            System.err.println("greetwire client: " + e.getMessage());
            return 1;
        }
        try (GreetingClient fetcher = Cli.transport(transport).newClient(config)) {
            Greeting g = fetcher.fetch(server);
            System.out.print("from server " + host + ":\n\t" + Cli.printable(g));
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
