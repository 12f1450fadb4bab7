package io.greetwire.nio;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractObservabilityTest;

/** JFR events and JMX of the nio server. */
class NioObservabilityTest extends AbstractObservabilityTest {
    private final NioTransport transport = new NioTransport();

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config);
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config);
    }
}
