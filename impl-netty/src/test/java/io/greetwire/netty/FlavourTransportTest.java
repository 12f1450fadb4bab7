package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractTransportTest;

/** The conformance suite with server and client forced to one flavour through {@code netty.flavour}. */
abstract class FlavourTransportTest extends AbstractTransportTest {
    private final NettyTransport transport = new NettyTransport();
    private final Flavour flavour;

    FlavourTransportTest(Flavour flavour) {
        this.flavour = flavour;
    }

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config.toBuilder().option(NettyOptions.FLAVOUR, flavour.id()).build());
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config.toBuilder().option(NettyOptions.FLAVOUR, flavour.id()).build());
    }
}
