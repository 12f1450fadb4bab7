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

    @Override
    protected boolean tlsOverUnix() {
        return false;
    }

    @org.junit.jupiter.api.Test
    void tlsOverAUnixSocketIsRefusedWithAMessage(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ServerConfig c = ServerConfig.builder().unixPath(dir.resolve("greet.sock"))
                .tls(serverTls(io.greetwire.tck.TestCerts.server()).build()).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> newServer(c))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TLS over TCP only");
    }
}
