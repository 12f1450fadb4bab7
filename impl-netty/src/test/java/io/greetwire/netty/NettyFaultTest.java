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
}
