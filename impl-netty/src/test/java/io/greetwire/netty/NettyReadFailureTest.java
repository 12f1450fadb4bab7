package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientTls;
import io.greetwire.FailureReason;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import io.greetwire.ServerTls;
import io.greetwire.tck.TestCerts;
import io.greetwire.tck.TestNet;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A read that fails while a big greeting is being written (the native engines read on the peer's
 * hang-up, auto-read off or not) says why the greeting is cut: the reset is counted {@code RESET},
 * not {@code IO} from the write that the failure's close cut short, and the client gets a reset,
 * not a FIN after part of the greeting. The failure is fired into the pipeline as the engine's
 * read would fire it: which of the read and the write meets a real reset first is the engine's
 * race (on io_uring the read came first in about 1 run in 200 of the kit's reset test); the kit's
 * {@code peerResettingDuringTheGreeting_isCountedReset_theClientsWordForIt} covers real resets.
 */
class NettyReadFailureTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int GREETING = 8 << 20;

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (Flavour f : Flavour.values()) {
            if (f.isAvailable()) {
                all.add(Arguments.of(f, false));
                all.add(Arguments.of(f, true));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, tls={1}")
    @MethodSource("variants")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aResetReadDuringABigGreeting_isCountedReset_andResetsTheClient(Flavour flavour, boolean tls) throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("x".repeat(GREETING))
                .writeTimeout(Duration.ofSeconds(60)).option("netty.flavour", flavour.id());
        if (tls) {
            config.tls(ServerTls.fromPem(TestCerts.server().chain(), TestCerts.server().key()).build());
        }
        ServerStats after;
        try (GreetingServer server = new NettyTransport().newServer(config.build())) {
            server.start();
            try (Socket peer = tls ? handshaken(server) : TestNet.silentPeer(server.localAddress())) {
                NettyServer netty = (NettyServer) server;
                IOException reset = new IOException("Connection reset by peer");
                // The peer reads nothing, so the greeting's write stays in progress until the failure.
                TestNet.await("a large write to fail", DEADLINE, () -> fire(netty, reset) == 1, server::stats);
                TestNet.await("the failure counted", DEADLINE, () -> server.stats().failed() == 1, server::stats);
                peer.setSoTimeout((int) DEADLINE.toMillis());
                assertThatThrownBy(() -> peer.getInputStream().readAllBytes())
                        .as("the client learns the greeting was cut").isInstanceOf(IOException.class);
            }
            after = server.stats();
        }
        assertThat(after.failed(FailureReason.RESET)).as("%s", after).isEqualTo(1);
        assertThat(after.failed()).isEqualTo(1);
        assertThat(after.bytesWritten()).isLessThan(GREETING);
    }

    private static int fire(NettyServer server, Throwable cause) {
        try {
            return server.fireIntoLargeWrites(cause);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SSLSocket handshaken(GreetingServer server) throws IOException {
        ClientTls tls = ClientTls.builder().trust(TestCerts.ca()).build();
        SSLSocket s = (SSLSocket) tls.sslContext().getSocketFactory().createSocket();
        s.setReceiveBufferSize(4096);
        s.connect(TestNet.loopback(server.localAddress()), 5_000);
        s.setSoTimeout((int) DEADLINE.toMillis());
        s.startHandshake();
        return s;
    }
}
