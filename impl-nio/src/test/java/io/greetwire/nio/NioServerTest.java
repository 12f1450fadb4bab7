package io.greetwire.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import io.greetwire.tck.TestNet;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The nio server beyond the conformance suite: partial writes, deadlines, the limit, hand-offs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private final NioTransport transport = new NioTransport();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ServerConfig.Builder serverConfig() {
        return ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .writeTimeout(Duration.ofSeconds(30)).drainTimeout(Duration.ofSeconds(2));
    }

    private ClientConfig.Builder clientConfig() {
        return ClientConfig.builder().connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(30))
                .clock(Clock.systemUTC());
    }

    private NioServer started(ServerConfig config) throws IOException {
        NioServer s = (NioServer) transport.newServer(config);
        toClose.add(s);
        s.start();
        return s;
    }

    private GreetingClient client(ClientConfig config) {
        GreetingClient c = transport.newClient(config);
        toClose.add(c);
        return c;
    }

    /** 1 MiB of varied text, so a lost, repeated or reordered slice would show. */
    private static String mebibyte() {
        StringBuilder sb = new StringBuilder(1 << 20);
        for (int i = 0; sb.length() < (1 << 20); i++) {
            sb.append(Integer.toString(i, 36)).append(i % 7 == 0 ? '\n' : ' ');
        }
        sb.setLength(1 << 20);
        return sb.toString();
    }

    @Test
    void partialWrites_slowReaderWithTinyReceiveBuffer_getsTheWhole1MiBGreeting() throws Exception {
        String big = mebibyte();
        // A small send buffer on the server side too: the kernel cannot take 1 MiB at once.
        NioServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .sendBufferSize(8192).build());
        byte[] received;
        try (SocketChannel peer = SocketChannel.open()) {
            peer.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            peer.connect(server.localAddress());
            // Read nothing until the server has had to leave the greeting for OP_WRITE.
            TestNet.await("a deferred write", DEADLINE, () -> server.deferredWrites() == 1);
            assertThat(server.stats().greeted()).isZero();
            ByteBuffer chunk = ByteBuffer.allocate(512); // small reads: a slow reader
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream(big.length());
            while (peer.read(chunk.clear()) >= 0) {
                all.write(chunk.array(), 0, chunk.position());
            }
            received = all.toByteArray();
        }
        assertThat(received.length).isEqualTo(big.length());
        assertThat(new String(received, StandardCharsets.US_ASCII)).isEqualTo(big);
        TestNet.await("greeted", DEADLINE, () -> server.stats().greeted() == 1);
        ServerStats stats = server.stats();
        assertThat(stats.bytesWritten()).isEqualTo(big.length());
        assertThat(stats.failed()).isZero();
        assertThat(stats.open()).isZero();
    }

    @Test
    void partialWrites_nioClientReadsWhole1MiBGreetingsInParallel() throws Exception {
        String big = mebibyte();
        NioServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .sendBufferSize(8192).ioThreads(3).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build());
        List<CompletableFuture<Greeting>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
        }
        for (CompletableFuture<Greeting> f : futures) {
            assertThat(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).text()).isEqualTo(big);
        }
        TestNet.await("all greeted", DEADLINE, () -> server.stats().greeted() == 12);
        assertThat(server.deferredWrites()).isPositive();
    }

    @Test
    void writeDeadline_peerThatNeverReads_isResetCountedAndFreesItsSlot() throws Exception {
        String big = "w".repeat(16 << 20);
        NioServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .maxConnections(1).writeTimeout(Duration.ofMillis(300)).build());
        try (Socket peer = TestNet.silentPeer(server.localAddress())) {
            TestNet.await("WRITE_TIMEOUT counted", DEADLINE, () -> server.stats().failed(FailureReason.WRITE_TIMEOUT) == 1);
            assertThat(server.stats().open()).isZero();
            // The peer sees a reset, never a clean end of a cut greeting.
            peer.setSoTimeout((int) DEADLINE.toMillis());
            InputStream in = peer.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            boolean reset = false;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            } catch (IOException e) {
                reset = true;
                assertThat(e.getMessage()).containsIgnoringCase("reset");
            }
            assertThat(reset).as("reset after %s bytes", total).isTrue();
            assertThat(total).isLessThan(big.length());
        }
        // The slot is free again (maxConnections is 1): a reading client gets the whole greeting.
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(32 << 20).build());
        assertThat(client.fetch(server.localAddress()).length()).isEqualTo(big.length());
        TestNet.await("greeted", DEADLINE, () -> server.stats().greeted() == 1);
    }

    @Test
    void connectionLimit_overTheLimitIsClosedAtOnce_andTheServerGoesOn() throws Exception {
        String big = "m".repeat(16 << 20);
        NioServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big).maxConnections(2).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(32 << 20).build());
        Socket a = TestNet.silentPeer(server.localAddress());
        Socket b = TestNet.silentPeer(server.localAddress());
        try {
            TestNet.await("two connections open", DEADLINE, () -> server.stats().open() == 2);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> client.fetch(server.localAddress()))
                        .isInstanceOfSatisfying(GreetingException.class, e ->
                                assertThat(e.kind()).isIn(GreetingException.Kind.CLOSED, GreetingException.Kind.RESET));
            }
            TestNet.await("OVER_LIMIT counted", DEADLINE, () -> server.stats().failed(FailureReason.OVER_LIMIT) == 3);
            assertThat(server.stats().open()).isEqualTo(2);
        } finally {
            a.close();
            b.close();
        }
        // The two silent peers went away: their slots free up (the write fails) and service goes on.
        TestNet.await("slots freed", DEADLINE, () -> server.stats().open() == 0);
        assertThat(client.fetch(server.localAddress()).length()).isEqualTo(big.length());
        TestNet.await("greeted", DEADLINE, () -> server.stats().greeted() == 1);
        ServerStats stats = server.stats();
        assertThat(stats.accepted()).isEqualTo(6);
        assertThat(stats.accepted()).isEqualTo(stats.greeted() + stats.failed());
        assertThat(stats.failed(FailureReason.RESET) + stats.failed(FailureReason.IO)).isEqualTo(2);
    }

    @Test
    void handOff_largeGreetingsSpreadOverLoops_andInlineLimitZero_allGreeted() throws Exception {
        String mid = "h".repeat(100_000); // above the default inline limit: handed round-robin
        NioServer large = started(serverConfig().format(GreetingFormat.TEXT).greeting(mid).ioThreads(4).build());
        NioServer small = started(serverConfig().ioThreads(3).option(NioOptions.INLINE_LIMIT, "0").build());
        GreetingClient textClient = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(1 << 20).build());
        GreetingClient seedClient = client(clientConfig().build());
        List<CompletableFuture<Greeting>> l = new ArrayList<>();
        List<CompletableFuture<Greeting>> s = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            l.add(textClient.fetchAsync(large.localAddress()));
            s.add(seedClient.fetchAsync(small.localAddress()));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(l.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).length()).isEqualTo(mid.length());
            assertThat(s.get(i).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).text()).startsWith(GreetingSource.SEED_PREFIX);
        }
        TestNet.await("all greeted", DEADLINE, () -> large.stats().greeted() == 200 && small.stats().greeted() == 200);
        assertThat(large.stats().failed()).isZero();
        assertThat(small.stats().failed()).isZero();
        assertThat(small.stats().bytesWritten()).isEqualTo(200L * GreetingFormat.SEED_LENGTH);
    }

    @Test
    void close_withZeroDrain_resetsAWriteInFlightAndCountsShutdown() throws Exception {
        String big = "s".repeat(16 << 20);
        NioServer server = (NioServer) transport.newServer(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .drainTimeout(Duration.ZERO).build());
        server.start();
        try (Socket peer = TestNet.silentPeer(server.localAddress())) {
            TestNet.await("a deferred write", DEADLINE, () -> server.deferredWrites() == 1);
            server.close();
            ServerStats stats = server.stats();
            assertThat(stats.failed(FailureReason.SHUTDOWN)).isEqualTo(1);
            assertThat(stats.open()).isZero();
            assertThat(TestNet.threadsNamed("greetwire-nio-server-" + server.localPort())).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void stats_nameTheTransport() throws Exception {
        NioServer server = started(serverConfig().build());
        assertThat(server.stats().transport()).isEqualTo("nio");
    }

    @Test
    void serverClose_leavesNoThreadAndNoDescriptor() throws Exception {
        GreetingClient client = client(clientConfig().build());
        try (java.net.Socket held = TestNet.unlistenedPort()) {
            client.fetchAsync((InetSocketAddress) held.getLocalSocketAddress()).handle((g, t) -> null)
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS); // the client's loops exist from here on
        }
        long fdsBefore = TestNet.openFds();
        for (int i = 0; i < 20; i++) {
            GreetingServer server = transport.newServer(serverConfig().ioThreads(3).build());
            server.start();
            client.fetch(server.localAddress());
            server.close();
            assertThat(TestNet.threadsNamed("greetwire-nio-server-")).isZero();
        }
        if (fdsBefore >= 0) {
            // 20 servers of 3 loops leaking would leave 60+ selectors (2 descriptors each).
            TestNet.await("descriptors released", DEADLINE, () -> TestNet.openFds() <= fdsBefore + 10);
        }
    }
}
