package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code client}: the seed's client, without its typo and its buffer overflow. */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Fetches one greeting and prints it like the seed's client.")
final class ClientCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "server host or address")
    String host;

    @Option(names = "--port", description = "port (default: ${DEFAULT-VALUE})", defaultValue = "20000")
    int port;

    @Option(names = "--transport", description = "blocking, nio or netty (default: ${DEFAULT-VALUE})", defaultValue = "blocking")
    String transport;

    @Option(names = "--format", description = "seed, text, daytime or time (default: ${DEFAULT-VALUE})", defaultValue = "seed")
    GreetingFormat format;

    @Option(names = "--connect-timeout", description = "seconds (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS)
    long connectTimeoutSeconds;

    @Option(names = "--read-timeout", description = "seconds (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_READ_TIMEOUT_SECONDS)
    long readTimeoutSeconds;

    @Option(names = "--max-bytes", description = "largest greeting accepted (default: ${DEFAULT-VALUE})",
            defaultValue = "" + ClientConfig.DEFAULT_MAX_GREETING_BYTES)
    int maxBytes;

    @Option(names = "--timings", description = "also print connect, first-byte and total times")
    boolean timings;

    @Override
    public Integer call() {
        ClientConfig config;
        InetSocketAddress server;
        try {
            config = ClientConfig.builder().format(format)
                    .connectTimeout(Duration.ofSeconds(connectTimeoutSeconds))
                    .readTimeout(Duration.ofSeconds(readTimeoutSeconds))
                    .maxGreetingBytes(maxBytes)
                    .build();
            server = new InetSocketAddress(Cli.resolve(host), port);
        } catch (IllegalArgumentException e) {
            System.err.println("greetwire client: " + e.getMessage());
            return 1;
        }
        try (GreetingClient client = Cli.transport(transport).newClient(config)) {
            Greeting g = client.fetch(server);
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
