package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.GreetingTransport;

/**
 * The {@code java.net} transport: {@code ServerSocket} and {@code Socket}, a thread per blocked
 * call. Always available; the lowest priority, since the selector transports carry more
 * connections per thread.
 *
 * <p>Options (server and client): {@code blocking.threads} = {@code platform} (default) or
 * {@code virtual} (JDK 21+); {@code blocking.maxThreads} = the size of the platform pool that
 * writes large greetings and runs {@code fetchAsync} (default {@value BlockingOptions#DEFAULT_MAX_THREADS}).
 */
public final class BlockingTransport implements GreetingTransport {
    /** The name: {@value}. */
    public static final String NAME = "blocking";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public GreetingServer newServer(ServerConfig config) {
        return new BlockingServer(config, BlockingOptions.parse(config.options()));
    }

    @Override
    public GreetingClient newClient(ClientConfig config) {
        return new BlockingClient(config, BlockingOptions.parse(config.options()));
    }
}
