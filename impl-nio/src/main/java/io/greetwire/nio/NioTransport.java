package io.greetwire.nio;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.GreetingTransport;

/**
 * The {@code java.nio} transport: non-blocking channels on {@link java.nio.channels.Selector}
 * event loops. Always available (it needs nothing beyond the JDK); priority 5, above
 * {@code blocking} and below {@code netty}.
 *
 * <p>Server: one loop per core by default ({@code ioThreads} overrides); the first loop accepts
 * and writes greetings of up to {@code nio.inlineLimit} bytes itself, larger ones go round-robin
 * to every loop. Client: one or two loops per client (made at first use), shared by every fetch.
 * Options: see {@link NioOptions}.
 */
public final class NioTransport implements GreetingTransport {
    /** The name: {@value}. */
    public static final String NAME = "nio";
    /** The priority: {@value}. */
    public static final int PRIORITY = 5;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public GreetingServer newServer(ServerConfig config) {
        return new NioServer(config, NioOptions.parse(config.options()));
    }

    @Override
    public GreetingClient newClient(ClientConfig config) {
        return new NioClient(config, NioOptions.parse(config.options()));
    }
}
