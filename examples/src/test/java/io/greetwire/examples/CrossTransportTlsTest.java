package io.greetwire.examples;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.GreetingTransport;
import io.greetwire.spi.Transports;
import io.greetwire.tck.AbstractTlsTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TLS suite on every server against every client of another transport (each transport's own
 * pair runs in its module). The netty server runs with OpenSSL here (the examples carry
 * netty-tcnative), the others with the JDK, so this also checks JDK clients against BoringSSL.
 */
@ParameterizedClass(name = "{0} server, {1} client")
@MethodSource("pairs")
class CrossTransportTlsTest extends AbstractTlsTest {
    @Parameter(0)
    String serverName;
    @Parameter(1)
    String clientName;

    static Stream<Arguments> pairs() {
        List<Arguments> all = new ArrayList<>();
        for (GreetingTransport server : Transports.available()) {
            for (GreetingTransport client : Transports.available()) {
                if (!server.name().equals(client.name())) {
                    all.add(Arguments.of(server.name(), client.name()));
                }
            }
        }
        return all.stream();
    }

    @Override
    protected GreetingServer newServer(ServerConfig config) {
        return Transports.get(serverName).newServer(config);
    }

    @Override
    protected GreetingClient newClient(ClientConfig config) {
        return Transports.get(clientName).newClient(config);
    }
}
