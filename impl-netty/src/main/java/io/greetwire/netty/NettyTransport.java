package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.GreetingTransport;

/**
 * The Netty 4.2 transport, on the fastest I/O engine that runs here: io_uring, then epoll (both
 * Linux, from the optional {@code netty-transport-native-*} jars), then NIO.
 *
 * <p>Options (server and client): {@code netty.flavour} = {@code auto} (default), {@code io_uring},
 * {@code epoll} or {@code nio}; {@code netty.reusePort} = {@code false} (default) or {@code true}
 * (servers: one SO_REUSEPORT listening socket per event loop). {@code ioThreads} is the number of
 * event loops: by default one per core for a server, one for a client.
 */
public final class NettyTransport implements GreetingTransport {
    /** The name: {@value}. */
    public static final String NAME = "netty";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        try {
            Class.forName("io.netty.channel.MultiThreadIoEventLoopGroup", false, NettyTransport.class.getClassLoader());
            Class.forName("io.netty.buffer.Unpooled", false, NettyTransport.class.getClassLoader());
            return "";
        } catch (Throwable t) {
            return "Netty 4.2 (io.netty:netty-transport) is not on the class path: " + t;
        }
    }

    @Override
    public int priority() {
        return 10;
    }

    /**
     * The flavour a server or client with default options runs on here: {@code epoll} where it
     * runs (io_uring only when forced: see the README), else {@code io_uring}, else {@code nio}.
     */
    public static String defaultFlavour() {
        return Flavour.bestForServer().id();
    }

    @Override
    public GreetingServer newServer(ServerConfig config) {
        checkAvailable();
        return new NettyServer(config, NettyOptions.parse(config.options(), false));
    }

    @Override
    public GreetingClient newClient(ClientConfig config) {
        checkAvailable();
        return new NettyClient(config, NettyOptions.parse(config.options(), true));
    }

    private void checkAvailable() {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new IllegalStateException(reason);
        }
    }
}
