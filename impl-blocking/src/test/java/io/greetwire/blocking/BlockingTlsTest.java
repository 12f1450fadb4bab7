package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractTlsTest;

/** The TLS suite on the blocking server and client. */
class BlockingTlsTest extends AbstractTlsTest {
    private final BlockingTransport transport = new BlockingTransport();

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config);
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config);
    }
}
