package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractObservabilityTest;

/** JFR events and JMX of the netty server, on the flavour it picks here (the events are flavour-neutral). */
class NettyObservabilityTest extends AbstractObservabilityTest {
    private final NettyTransport transport = new NettyTransport();

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config);
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config);
    }
}
