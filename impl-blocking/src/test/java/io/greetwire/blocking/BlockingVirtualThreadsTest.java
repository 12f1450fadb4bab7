package io.greetwire.blocking;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractTransportTest;
import org.junit.jupiter.api.BeforeAll;

/** The conformance suite again, with large greetings and fetchAsync on virtual threads (JDK 21+). */
class BlockingVirtualThreadsTest extends AbstractTransportTest {
    private final BlockingTransport transport = new BlockingTransport();

    @BeforeAll
    static void needsVirtualThreads() {
        assumeThat(VirtualThreads.isSupported()).as("virtual threads need Java 21+, this is " + Runtime.version()).isTrue();
    }

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return transport.newServer(config.toBuilder().option(BlockingOptions.THREADS, "virtual").build());
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return transport.newClient(config.toBuilder().option(BlockingOptions.THREADS, "virtual").build());
    }
}
