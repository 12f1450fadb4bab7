package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.AbstractTlsTest;
import io.greetwire.tck.TestCerts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The TLS suite on the netty server and client, with each TLS provider of the server. */
class NettyTlsTest {
    private static final NettyTransport TRANSPORT = new NettyTransport();

    /** The suite on the netty transport with {@code netty.tls.provider} forced to {@link #provider()}. */
    abstract class ProviderTls extends AbstractTlsTest {
        /** The provider's option value, also the suffix {@code stats().transport()} names. */
        abstract String provider();

        @Override
        protected GreetingServer newServer(ServerConfig config) {
            return TRANSPORT.newServer(config.toBuilder().option("netty.tls.provider", provider()).build());
        }

        @Override
        protected GreetingClient newClient(ClientConfig config) {
            return TRANSPORT.newClient(config);
        }

        @Test
        void statsNameTheProvider() throws Exception {
            GreetingServer s = started(serverTls(TestCerts.server()).build());
            assertThat(s.stats().transport()).endsWith("/tls-" + provider());
        }
    }

    /** OpenSSL (BoringSSL from netty-tcnative, on this module's test class path). */
    @Nested
    class OpenSsl extends ProviderTls {
        @Override
        String provider() {
            return "openssl";
        }
    }

    /** The JDK's provider. */
    @Nested
    class Jdk extends ProviderTls {
        @Override
        String provider() {
            return "jdk";
        }
    }
}
