package io.greetwire.examples.unix;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.Greetwire;
import io.greetwire.ServerConfig;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engines the Unix socket tests run on: each transport, and each Netty engine forced with
 * {@code netty.flavour}. An engine that cannot run here (io_uring on an old kernel) skips.
 */
public final class UnixEngines {
    /** {@code blocking}, {@code nio}, {@code netty/io_uring}, {@code netty/epoll}, {@code netty/nio}. */
    public static final List<String> ALL = List.of("blocking", "nio", "netty/io_uring", "netty/epoll", "netty/nio");

    private UnixEngines() { }

    /** {@link #ALL}, as test parameters. */
    public static Stream<String> all() {
        return ALL.stream();
    }

    /** A server on {@code engine}. */
    public static GreetingServer server(String engine, ServerConfig.Builder b) {
        String[] parts = engine.split("/");
        if (parts.length > 1) {
            b.option("netty.flavour", parts[1]);
        }
        try {
            return Greetwire.newServer(parts[0], b.build());
        } catch (IllegalArgumentException e) {
            assumeTrue(!String.valueOf(e.getMessage()).contains("not available"), e.getMessage());
            throw e;
        }
    }

    /** A client on {@code engine}. */
    public static GreetingClient client(String engine, ClientConfig.Builder b) {
        String[] parts = engine.split("/");
        if (parts.length > 1) {
            b.option("netty.flavour", parts[1]);
        }
        try {
            return Greetwire.newClient(parts[0], b.build());
        } catch (IllegalArgumentException e) {
            assumeTrue(!String.valueOf(e.getMessage()).contains("not available"), e.getMessage());
            throw e;
        }
    }
}
