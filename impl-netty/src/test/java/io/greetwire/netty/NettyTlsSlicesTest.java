package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientTls;
import io.greetwire.FailureReason;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import io.greetwire.ServerTls;
import io.greetwire.tck.TestCerts;
import io.greetwire.tck.TestNet;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * What a TLS client that never reads costs the netty server beyond the kernel: at most a couple
 * of slices of a big greeting, not the greeting encrypted whole (README: slow and silent
 * clients), on every flavour with each TLS provider.
 */
class NettyTlsSlicesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int GREETING = 8 << 20;
    private static final int STALLED = 3;
    /**
     * What Netty may hold for one connection: the slices in flight, their TLS record framing (under
     * 32 bytes per record of up to 16 KiB) and Netty's accounting of each queued buffer (96 bytes):
     * 16 KiB covers both many times over.
     */
    private static final long PER_CONNECTION = (long) NettyServer.tlsSliceAllowance() + 16 * 1024;

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (Flavour f : Flavour.values()) {
            if (f.isAvailable()) {
                for (String provider : new String[] {"openssl", "jdk"}) {
                    all.add(Arguments.of(f, provider));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("variants")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void neverReadersOfABigGreeting_costAtMostTheSlicesInFlightEach_andAreCountedForWhatTheSocketTook(
            Flavour flavour, String provider) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        int bound = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
        GreetingServer server = new NettyTransport().newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("s".repeat(GREETING))
                .tls(ServerTls.fromPem(TestCerts.server().chain(), TestCerts.server().key()).build())
                .sendBufferSize(bound).writeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofMillis(200))
                .option("netty.flavour", flavour.id()).option("netty.tls.provider", provider).build());
        List<SSLSocket> clients = new ArrayList<>();
        ServerStats after;
        try {
            server.start();
            int port = TestNet.port(server.localAddress());
            ClientTls tls = ClientTls.builder().trust(TestCerts.ca()).build();
            for (int i = 0; i < STALLED; i++) {
                SSLSocket never = (SSLSocket) tls.sslContext().getSocketFactory().createSocket();
                clients.add(never);
                never.setReceiveBufferSize(4096);
                never.connect(TestNet.loopback(server.localAddress()), 5_000);
                never.setSoTimeout((int) DEADLINE.toMillis());
                never.startHandshake();
            }
            // Every write stalled: each connection's send queue non-empty and no longer growing.
            long[][] last = new long[STALLED][1];
            TestNet.await("the never-readers' queues settled", DEADLINE, () -> {
                boolean settled = true;
                for (int i = 0; i < STALLED; i++) {
                    long before = last[i][0];
                    last[i][0] = TestNet.sendQueueBytes(port, clients.get(i).getLocalPort());
                    settled &= last[i][0] > 0 && last[i][0] == before;
                }
                return settled;
            }, () -> "queued " + java.util.Arrays.deepToString(last));
            assertThat(server.stats().open()).as("their writes still in progress").isEqualTo(STALLED);
            assertThat(((NettyServer) server).largestPendingOutbound())
                    .as("bytes Netty holds for one never-reader of a %d-byte greeting", GREETING)
                    .isLessThanOrEqualTo(PER_CONNECTION);
        } finally {
            server.close();
            after = server.stats();
            for (SSLSocket s : clients) {
                s.close();
            }
        }
        assertThat(after.failures().get(FailureReason.SHUTDOWN)).as("cut at close").isEqualTo(STALLED);
        // What each counts as written reached the socket: its send queue, or the 4 KiB (doubled)
        // receive buffer of the client with one loopback segment to spare.
        long perClient = TestNet.sendQueueBound(bound) + 2 * 4096 + 64 * 1024;
        assertThat(after.bytesWritten()).as("bytes counted written").isLessThanOrEqualTo(STALLED * perClient);
    }

    /**
     * Slicing keeps the grown send buffer of a client that has read: a TLS client that reads past
     * the proof ({@code SendBuffers}) and stops has more queued for it on the server than the bound
     * holds, and no more than the grown buffer does.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("variants")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aClientThatReadsPastTheProofAndStops_getsTheGrownSendBuffer(Flavour flavour, String provider) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        int bound = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
        int proof = bound * io.greetwire.internal.SendBuffers.PROOF_FACTOR;
        long grown = (long) bound * io.greetwire.internal.SendBuffers.READER_FACTOR;
        try (GreetingServer server = new NettyTransport().newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("r".repeat(GREETING))
                .tls(ServerTls.fromPem(TestCerts.server().chain(), TestCerts.server().key()).build())
                .sendBufferSize(bound).writeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofMillis(200))
                .option("netty.flavour", flavour.id()).option("netty.tls.provider", provider).build())) {
            server.start();
            int port = TestNet.port(server.localAddress());
            ClientTls tls = ClientTls.builder().trust(TestCerts.ca()).build();
            try (SSLSocket reader = (SSLSocket) tls.sslContext().getSocketFactory().createSocket()) {
                reader.setReceiveBufferSize(4096);
                reader.connect(TestNet.loopback(server.localAddress()), 5_000);
                reader.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(reader.getInputStream().readNBytes(2 * proof)).hasSize(2 * proof);
                long[] queued = {-1};
                TestNet.await("the reader's queue past what the bound holds", DEADLINE, () -> {
                    queued[0] = TestNet.sendQueueBytes(port, reader.getLocalPort());
                    return queued[0] > TestNet.sendQueueBound(bound);
                }, () -> "queued " + queued[0]);
                TestNet.report(String.format("TLS-SEND-BUFFER netty/%s/%s: queued for a client that read %d KiB and stopped %d KiB",
                        flavour.id(), provider, (2 * proof) >> 10, queued[0] >> 10));
                assertThat(TestNet.sendQueueBytes(port, reader.getLocalPort())).isLessThanOrEqualTo(TestNet.sendQueueBound(grown));
                assertThat(server.stats().open()).as("its write still in progress").isEqualTo(1);
            }
        }
    }
}
