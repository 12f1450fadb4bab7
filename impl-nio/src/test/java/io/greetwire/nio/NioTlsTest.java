package io.greetwire.nio;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractTlsTest;

/** The TLS suite on the nio server and client. */
class NioTlsTest extends AbstractTlsTest {
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
