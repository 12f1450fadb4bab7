package io.greetwire.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ClientConfig;
import io.greetwire.Ctime;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every server transport against every client transport, in every format (Netty's permutation list). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrossTransportTest {
    private static final Instant NOW = Instant.parse("2026-11-05T09:03:07Z");

    static Stream<Arguments> permutations() {
        List<Arguments> all = new ArrayList<>();
        for (GreetingTransport server : Transports.available()) {
            for (GreetingTransport client : Transports.available()) {
                for (GreetingFormat format : GreetingFormat.values()) {
                    all.add(Arguments.of(server.name(), client.name(), format));
                }
            }
        }
        return all.stream();
    }

    @Test
    void everyTransportOfThisProjectIsOnTheClassPath() {
        assertThat(Transports.available()).extracting(GreetingTransport::name).contains("blocking", "nio", "netty");
    }

    @ParameterizedTest(name = "{0} server, {1} client, {2}")
    @MethodSource("permutations")
    void fetch_acrossTransports(String serverName, String clientName, GreetingFormat format) throws Exception {
        ServerConfig sc = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .format(format).clock(Clock.fixed(NOW, ZoneOffset.UTC)).drainTimeout(Duration.ofSeconds(1)).build();
        try (GreetingServer server = Transports.get(serverName).newServer(sc);
             GreetingClient client = Transports.get(clientName).newClient(
                     ClientConfig.builder().format(format).clock(Clock.systemUTC()).build())) {
            server.start();
            Greeting g = client.fetch(server.localAddress());
            switch (format) {
                case SEED:
                case TEXT:
                    assertThat(g.text()).isEqualTo(GreetingSource.SEED_PREFIX + Ctime.format(NOW, ZoneOffset.UTC));
                    break;
                case DAYTIME:
                    assertThat(g.text()).isEqualTo(Ctime.format(NOW, ZoneOffset.UTC).trim());
                    break;
                default:
                    assertThat(g.serverTime()).contains(NOW);
            }
            List<CompletableFuture<Greeting>> many = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                many.add(client.fetchAsync(server.localAddress()));
            }
            for (CompletableFuture<Greeting> f : many) {
                assertThat(f.get(20, TimeUnit.SECONDS).bytes()).isEqualTo(g.bytes());
            }
        }
    }
}
