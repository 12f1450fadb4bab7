package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractFaultTest;

/** The fault suite on the flavour Netty picks by itself (io_uring here); the flavours' conformance runs are beside it. */
class NettyFaultTest extends AbstractFaultTest {
    private final NettyTransport transport = new NettyTransport();

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config);
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config);
    }

    @Override
    protected String transportName() {
        return "netty";
    }

    /**
     * The descriptor-exhaustion child runs on epoll. On io_uring, Netty 4.2.18 does not recover
     * reliably from EMFILE: in about one run in three under load, the server stalled accepting for
     * two seconds after the first failure and then closed every connection it accepted without
     * writing (the client saw an empty answer for a whole minute). Not reproduced with debug
     * logging on, nor on epoll; the README lists it as a known limitation.
     */
    @Override
    protected java.util.List<String> childOptions() {
        return java.util.List.of("netty.flavour=epoll");
    }
}
