package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the conformance suite does not cover: flavour choice, options, SO_REUSEPORT, threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyTransportTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private final NettyTransport transport = new NettyTransport();

    private static ServerConfig.Builder server() {
        return ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .writeTimeout(Duration.ofSeconds(5)).drainTimeout(Duration.ofSeconds(2));
    }

    @Test
    void registeredAsNettyWithPriority10() {
        assertThat(transport.name()).isEqualTo("netty");
        assertThat(transport.priority()).isEqualTo(10);
        assertThat(transport.isAvailable()).isTrue();
        assertThat(transport.unavailableReason()).isEmpty();
        assertThat(Transports.get("netty")).isInstanceOf(NettyTransport.class);
        assertThat(Transports.best()).isInstanceOf(NettyTransport.class);
    }

    @Test
    void auto_picksEpollBeforeIoUring_forServersAndClients_andStatsNameIt() throws Exception {
        // epoll first (io_uring's EMFILE and reset bugs in Netty 4.2.18: see Flavour), then io_uring, then NIO.
        String expected = Flavour.EPOLL.isAvailable() ? "epoll" : Flavour.IO_URING.isAvailable() ? "io_uring" : "nio";
        assertThat(NettyTransport.defaultFlavour()).isEqualTo(expected);
        System.out.println("auto flavour here: " + expected + "; io_uring: "
                + (Flavour.IO_URING.isAvailable() ? "available" : Flavour.IO_URING.unavailableReason())
                + "; epoll: " + (Flavour.EPOLL.isAvailable() ? "available" : Flavour.EPOLL.unavailableReason()));
        try (GreetingServer s = transport.newServer(server().build());
             GreetingClient c = transport.newClient(ClientConfig.defaults())) {
            s.start();
            assertThat(s.stats().transport()).isEqualTo("netty/" + expected);
            assertThat(((NettyClient) c).flavour().id()).isEqualTo(expected);
            assertThat(c.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
        }
    }

    @Test
    void leakDetector_isParanoidInTests_andItsReportsAreCounted() throws Exception {
        assertThat(io.netty.util.ResourceLeakDetector.getLevel()).isEqualTo(io.netty.util.ResourceLeakDetector.Level.PARANOID);
        NettyLeakProbe probe = new NettyLeakProbe();
        long before = probe.count();
        // A buffer dropped without release(): what a leak in a transport would look like.
        io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (probe.count() == before && System.nanoTime() - deadline < 0) {
            probe.flush(); // GC, then new buffers make the detector look at what the GC found
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        long reports = probe.count() - before;
        NettyLeakProbe.forgive(reports); // made on purpose: not this test's leak
        assertThat(reports).as("leak reports for one dropped buffer").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void forcedFlavour_runsAndIsReported(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        try (GreetingServer s = transport.newServer(server().option("netty.flavour", flavour.id()).build());
             GreetingClient c = transport.newClient(ClientConfig.builder().option("netty.flavour", flavour.id()).build())) {
            s.start();
            assertThat(s.stats().transport()).isEqualTo("netty/" + flavour.id());
            // fetchAsync is the one that runs on the client's engine; fetch runs on the caller's thread.
            assertThat(c.fetchAsync(s.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS).text())
                    .startsWith(GreetingSource.SEED_PREFIX);
            assertThat(c.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
        }
    }

    @Test
    void fetch_runsOnTheCallersThread_noEventLoopStarts() throws Exception {
        try (GreetingServer s = transport.newServer(server().build());
             GreetingClient c = transport.newClient(ClientConfig.defaults())) {
            s.start();
            for (int i = 0; i < 3; i++) {
                assertThat(c.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
            }
            assertThat(TestNet.threadsNamed("greetwire-netty-client")).isZero();
            c.fetchAsync(s.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(TestNet.threadsNamed("greetwire-netty-client")).isPositive();
        }
    }

    @Test
    void unavailableFlavour_isRejectedWithTheReason() {
        for (Flavour f : Flavour.values()) {
            if (!f.isAvailable()) {
                assertThatThrownBy(() -> transport.newServer(server().option("netty.flavour", f.id()).build()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("netty.flavour")
                        .hasMessageContaining(f.id())
                        .hasMessageContaining(f.unavailableReason());
            }
        }
    }

    @Test
    void unknownOrInvalidOptions_areRejectedNamingKeyAndValue() {
        assertThatThrownBy(() -> transport.newServer(server().option("netty.flavor", "epoll").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.flavor").hasMessageContaining("epoll");
        assertThatThrownBy(() -> transport.newClient(ClientConfig.builder().option("netty.threads", "4").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.threads");
        assertThatThrownBy(() -> transport.newServer(server().option("netty.flavour", "kqueue").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.flavour").hasMessageContaining("kqueue");
        assertThatThrownBy(() -> transport.newServer(server().option("netty.reusePort", "yes").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.reusePort").hasMessageContaining("yes");
        assertThatThrownBy(() -> transport.newServer(server().option("netty.inlineLimit", "1048577").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.inlineLimit").hasMessageContaining("'1048577'");
        assertThatThrownBy(() -> transport.newServer(server().option("netty.inlineLimit", "4k").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("netty.inlineLimit").hasMessageContaining("'4k'");
        // Other transports' keys are theirs to check.
        transport.newServer(server().option("nio.selectors", "whatever").option("blocking.threads", "x")
                .option("netty.flavour", "AUTO").option("netty.reusePort", "false").build()).close();
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void reusePort_opensOneListeningSocketPerLoop_andEachGreets(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        int loops = 3;
        try (GreetingServer s = transport.newServer(server().ioThreads(loops)
                    .option("netty.flavour", flavour.id()).option("netty.reusePort", "true").build());
             GreetingClient c = transport.newClient(ClientConfig.builder().option("netty.flavour", flavour.id()).build())) {
            s.start();
            int port = s.localPort();
            long sockets = listeningSockets(port);
            if (sockets >= 0) {
                assertThat(sockets).as("LISTEN sockets on port %d", port).isEqualTo(loops);
            }
            List<CompletableFuture<Greeting>> fs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                fs.add(c.fetchAsync(s.localAddress()));
            }
            for (CompletableFuture<Greeting> f : fs) {
                assertThat(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).text()).startsWith(GreetingSource.SEED_PREFIX);
            }
            TestNet.await("60 greeted", DEADLINE, () -> s.stats().greeted() == 60);
        }
    }

    @Test
    void inlineGreeting_onEpoll_isWrittenByTheAcceptingLoop_andLimitZeroHandsEveryConnectionOn() throws Exception {
        assumeTrue(Flavour.EPOLL.isAvailable(), Flavour.EPOLL::unavailableReason);
        for (String limit : new String[] {"4096", "0"}) {
            try (GreetingServer s = transport.newServer(server().option("netty.flavour", "epoll")
                        .option("netty.inlineLimit", limit).build());
                 GreetingClient c = transport.newClient(ClientConfig.defaults())) {
                s.start();
                for (int i = 0; i < 5; i++) {
                    assertThat(c.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
                }
                TestNet.await("5 greeted", DEADLINE, () -> s.stats().greeted() == 5);
                assertThat(((NettyServer) s).inlineGreetings()).as("inline greetings with netty.inlineLimit=%s", limit)
                        .isEqualTo(limit.equals("0") ? 0 : 5);
            }
        }
    }

    @Test
    void inlineGreeting_thatTheSocketTakesOnlyPartOf_isFinishedWholeByALoop() throws Exception {
        assumeTrue(Flavour.EPOLL.isAvailable(), Flavour.EPOLL::unavailableReason);
        String text = "x".repeat(300_000);
        try (GreetingServer s = transport.newServer(server().option("netty.flavour", "epoll")
                    .option("netty.inlineLimit", "1048576").format(io.greetwire.GreetingFormat.TEXT).greeting(text).build())) {
            s.start();
            // Accepted sockets inherit the listener's send buffer: with 4 KiB (the kernel doubles
            // it) one write takes one segment's worth (64 KiB on loopback) of the 300,000 bytes,
            // and the accepting loop hands the rest on.
            // (Netty's server channel config has no SO_SNDBUF: set it on the socket itself.)
            io.netty.channel.Channel listener = ((NettyServer) s).listeningChannels().get(0);
            ((io.netty.channel.unix.Socket) ((io.netty.channel.unix.UnixChannel) listener).fd()).setSendBufferSize(4096);
            try (java.net.Socket peer = new java.net.Socket()) {
                peer.setReceiveBufferSize(4096);
                peer.connect(s.localAddress(), 5_000);
                peer.setSoTimeout(10_000);
                byte[] all = peer.getInputStream().readAllBytes();
                assertThat(new String(all, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(text);
            }
            TestNet.await("greeted", DEADLINE, () -> s.stats().greeted() == 1);
            NettyServer n = (NettyServer) s;
            assertThat(new long[] {n.inlineHandoffs(), n.inlineGreetings()}).as("inline handoffs, whole inline greetings")
                    .containsExactly(1, 0);
            assertThat(s.stats().failed()).isZero();
        }
    }

    @Test
    void afterClose_noGreetwireNettyThreadIsAlive() throws Exception {
        for (Flavour f : Flavour.values()) {
            if (!f.isAvailable()) {
                continue;
            }
            GreetingServer s = transport.newServer(server().ioThreads(2).option("netty.flavour", f.id()).build());
            GreetingClient c = transport.newClient(ClientConfig.builder().ioThreads(2).option("netty.flavour", f.id()).build());
            s.start();
            c.fetchAsync(s.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(TestNet.threadsNamed("greetwire-netty-client")).isPositive();
            c.close();
            s.close();
            TestNet.await("greetwire-netty threads to end", DEADLINE, () -> TestNet.threadsNamed("greetwire-netty") == 0);
        }
    }

    @Test
    void factories_startNoThread() {
        long before = TestNet.threadsNamed("greetwire-netty");
        GreetingServer s = transport.newServer(server().build());
        GreetingClient c = transport.newClient(ClientConfig.defaults());
        assertThat(TestNet.threadsNamed("greetwire-netty")).isEqualTo(before);
        c.close();
        s.close();
    }

    @Test
    void startFailure_releasesItsThreads() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, TestNet.LOOPBACK)) {
            GreetingServer s = transport.newServer(server().port(taken.getLocalPort()).build());
            assertThatThrownBy(s::start).isInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
            TestNet.await("no server loop left", DEADLINE, () -> TestNet.threadsNamed("greetwire-netty-server") == 0);
            s.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void acceptErrors_areCounted_pauseAcceptingWhereTheFlavourCan_andAcceptingResumes(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        try (GreetingServer s = transport.newServer(server().option("netty.flavour", flavour.id()).build());
             GreetingClient c = transport.newClient(ClientConfig.builder().option("netty.flavour", flavour.id()).build())) {
            s.start();
            io.netty.channel.Channel listener = ((NettyServer) s).listeningChannels().get(0);
            // What an accept that fails with EMFILE fires on the listening channel, three times in a burst.
            for (int i = 0; i < 3; i++) {
                listener.eventLoop().submit(() -> listener.pipeline().fireExceptionCaught(
                        new IOException("accept(..) failed: Too many open files"))).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            boolean paused = !listener.eventLoop().submit(() -> listener.config().isAutoRead())
                    .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            // io_uring's server channel is never paused: toggling its auto-read broke it (see AcceptGuard).
            assertThat(paused).as("accepting paused on %s", flavour).isEqualTo(flavour != Flavour.IO_URING);
            assertThat(s.stats().acceptErrors()).isEqualTo(3);
            assertThat(s.stats().accepted()).isZero();
            // Accepting comes back by itself; the connection waits in the backlog meanwhile.
            assertThat(c.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
            TestNet.await("auto-read back on", DEADLINE, () -> listener.config().isAutoRead());
            assertThat(s.stats().greeted()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"EPOLL", "NIO"}) // io_uring clients may miss the reset: Flavour.bestForClient
    void serverThatResetsOnAccept_isResetNotRefused(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        try (java.net.ServerSocket resetting = new java.net.ServerSocket(0, 50, TestNet.LOOPBACK);
             GreetingClient c = transport.newClient(ClientConfig.builder().option("netty.flavour", flavour.id()).build())) {
            Thread acceptor = new Thread(() -> {
                while (!resetting.isClosed()) {
                    try (java.net.Socket s = resetting.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "resetting-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            // Whether the RST beats the client's handling of the handshake is a race; either way
            // it is a reset (or an empty close), never a refusal.
            for (int i = 0; i < 30; i++) {
                assertThat(c.fetchAsync((java.net.InetSocketAddress) resetting.getLocalSocketAddress()))
                        .failsWithin(DEADLINE).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                        .havingCause().isInstanceOfSatisfying(io.greetwire.GreetingException.class, e -> assertThat(e.kind())
                                .isIn(io.greetwire.GreetingException.Kind.RESET, io.greetwire.GreetingException.Kind.CLOSED));
            }
        }
    }

    /** LISTEN sockets on {@code port} from /proc/net/tcp and tcp6; -1 where /proc does not tell. */
    static long listeningSockets(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long n = 0;
        boolean any = false;
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                // Busy machines have many thousand TIME_WAIT lines: look closer only at the port's.
                try (var lines = Files.lines(Path.of(table))) {
                    n += lines.filter(l -> l.contains(hexPort + " "))
                            .map(l -> l.trim().split("\\s+"))
                            .filter(f -> f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A"))
                            .count();
                }
                any = true;
            } catch (IOException e) {
                // not Linux
            }
        }
        return any ? n : -1;
    }
}
