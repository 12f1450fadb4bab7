package io.greetwire.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.greetwire.ClientConfig;
import io.greetwire.ConnectionListener;
import io.greetwire.Ctime;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance suite: what every transport must do, the same way, on every pair of server and
 * client (Netty's testsuite does the same). A transport module runs it with one thin subclass
 * that lists its variants:
 *
 * <pre>{@code
 * class NioTransportTest extends AbstractTransportTest {
 *     static List<TransportPair> pairs() {
 *         return Permutations.every(List.of(TransportUnderTest.of(new NioTransport())));
 *     }
 * }
 * }</pre>
 *
 * Tests marked {@link OncePerServer} or {@link OncePerClient} concern one side only and run once
 * per variant. Everything runs on loopback with ephemeral ports; waits use deadlines, never sleeps;
 * {@link LeakCheck} runs after every test.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("pairs")
@ExtendWith(LeakCheck.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractTransportTest implements PairedSuite {
    /** 2026-11-05 09:03:07 UTC, a day of month that ctime pads with a space. */
    protected static final Instant FIXED_NOW = Instant.parse("2026-11-05T09:03:07Z");
    protected static final Clock FIXED_CLOCK = Clock.fixed(FIXED_NOW, ZoneOffset.UTC);
    protected static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** The server and client under test, injected by JUnit from the subclass's {@code pairs()}. */
    @Parameter
    TransportPair pair;

    @Override
    public TransportPair pair() {
        return pair;
    }

    /** A new, unstarted server of the pair's server side. */
    protected GreetingServer newServer(ServerConfig config) {
        return pair.server().newServer(config);
    }

    /** A new client of the pair's client side. */
    protected GreetingClient newClient(ClientConfig config) {
        return pair.client().newClient(config);
    }

    /** Loopback, ephemeral port, short timeouts. */
    protected ServerConfig.Builder serverConfig() {
        return ServerConfig.builder()
                .bindAddress(TestNet.LOOPBACK)
                .port(0)
                .writeTimeout(Duration.ofSeconds(5))
                .drainTimeout(Duration.ofSeconds(2));
    }

    protected ClientConfig.Builder clientConfig() {
        return ClientConfig.builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .clock(Clock.systemUTC());
    }

    /** Starts a server and closes it after the test. */
    protected GreetingServer started(ServerConfig config) throws IOException {
        GreetingServer s = newServer(config);
        toClose.add(s);
        s.start();
        return s;
    }

    /** A client closed after the test. */
    protected GreetingClient client(ClientConfig config) {
        GreetingClient c = newClient(config);
        toClose.add(c);
        return c;
    }

    protected GreetingClient client() {
        return client(clientConfig().build());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    // ---- round trips ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(GreetingFormat.class)
    void fetch_defaultGreeting_inEveryFormat(GreetingFormat format) throws Exception {
        GreetingServer server = started(serverConfig().format(format).clock(FIXED_CLOCK).build());
        Greeting g = client(clientConfig().format(format).build()).fetch(server.localAddress());

        String ctime = Ctime.format(FIXED_NOW, ZoneOffset.UTC);
        assertThat(ctime).isEqualTo("Thu Nov  5 09:03:07 2026\n");
        switch (format) {
            case SEED:
                assertThat(g.text()).isEqualTo(GreetingSource.SEED_PREFIX + ctime);
                assertThat(g.length()).isEqualTo(GreetingFormat.SEED_LENGTH);
                assertThat(g.bytes()[g.text().length()]).isZero();
                assertThat(g.serverTime()).contains(FIXED_NOW);
                break;
            case TEXT:
                assertThat(g.text()).isEqualTo(GreetingSource.SEED_PREFIX + ctime);
                assertThat(g.length()).isEqualTo(g.text().length());
                break;
            case DAYTIME:
                assertThat(g.text()).isEqualTo(ctime.trim());
                assertThat(new String(g.bytes(), StandardCharsets.US_ASCII)).isEqualTo(ctime.trim() + "\r\n");
                assertThat(g.serverTime()).contains(FIXED_NOW);
                break;
            case TIME:
                assertThat(g.length()).isEqualTo(4);
                assertThat(g.serverTime()).contains(FIXED_NOW);
                break;
        }
        assertThat(g.format()).isEqualTo(format);
        assertThat(g.remoteAddress()).isEqualTo(server.localAddress());
        assertThat(TestNet.inet(g.localAddress()).getAddress()).isEqualTo(TestNet.LOOPBACK);
        assertThat(g.connectTime()).isPositive();
        assertThat(g.firstByteTime()).isGreaterThanOrEqualTo(g.connectTime());
        assertThat(g.totalTime()).isGreaterThanOrEqualTo(g.firstByteTime());
    }

    @Test
    void fetch_fixedUtf8Text() throws Exception {
        String text = "héllo, 世界 — ok";
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(text).build());
        Greeting g = client(clientConfig().format(GreetingFormat.TEXT).build()).fetch(server.localAddress());
        assertThat(g.text()).isEqualTo(text);
        assertThat(g.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fetch_seedGreetingInSystemZone_isCtimeOfNow() throws Exception {
        GreetingServer server = started(serverConfig().build());
        Instant before = Instant.now().minusSeconds(1);
        Greeting g = client(clientConfig().clock(Clock.systemDefaultZone()).build()).fetch(server.localAddress());
        assertThat(g.text()).startsWith(GreetingSource.SEED_PREFIX).endsWith("\n");
        assertThat(g.serverTime()).hasValueSatisfying(t -> assertThat(t).isBetween(before, Instant.now().plusSeconds(1)));
    }

    @Test
    void fetch_perConnectionSource_seesTheClientAddress() throws Exception {
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT)
                .source(GreetingSource.perConnection(c -> "hello " + TestNet.port(c.remote())))
                .build());
        Greeting g = client(clientConfig().format(GreetingFormat.TEXT).build()).fetch(server.localAddress());
        assertThat(g.text()).isEqualTo("hello " + TestNet.port(g.localAddress()));
    }

    @Test
    @OncePerServer
    void fetch_perSecondSource_isFormattedOncePerSecondNotPerConnection() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GreetingServer server = started(serverConfig().clock(FIXED_CLOCK)
                .source(GreetingSource.perSecond((now, zone) -> "n" + calls.incrementAndGet()))
                .build());
        int before = calls.get(); // the config checks the text fits once when built
        GreetingClient client = client();
        for (int i = 0; i < 20; i++) {
            client.fetch(server.localAddress());
        }
        assertThat(calls.get() - before).isEqualTo(1);
    }

    @Test
    void fetch_sourceThatThrows_failsThatConnectionAndCountsIt() throws Exception {
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT)
                .source(GreetingSource.perConnection(c -> { throw new IllegalStateException("boom"); }))
                .build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).build());
        assertThatThrownBy(() -> client.fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class, e ->
                        assertThat(e.kind()).isIn(GreetingException.Kind.CLOSED, GreetingException.Kind.RESET));
        TestNet.await("SOURCE_ERROR counted", DEADLINE, () -> server.stats().failed(FailureReason.SOURCE_ERROR) == 1);
        assertThatThrownBy(() -> client.fetch(server.localAddress())).isInstanceOf(GreetingException.class);
        TestNet.await("the server goes on", DEADLINE, () -> server.stats().failed(FailureReason.SOURCE_ERROR) == 2);
    }

    // ---- binding ----------------------------------------------------------------------------

    @Test
    @OncePerServer
    void start_portZero_returnsTheEphemeralPort() throws Exception {
        GreetingServer server = newServer(serverConfig().build());
        toClose.add(server);
        InetSocketAddress bound = TestNet.inet(server.start());
        assertThat(bound.getPort()).isPositive();
        assertThat(server.localAddress()).isEqualTo(bound);
    }

    @Test
    @OncePerServer
    void start_twoServers_greetOnTheirOwnPorts() throws Exception {
        GreetingServer a = started(serverConfig().format(GreetingFormat.TEXT).greeting("a").build());
        GreetingServer b = started(serverConfig().format(GreetingFormat.TEXT).greeting("b").build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).build());
        assertThat(a.localPort()).isNotEqualTo(b.localPort());
        assertThat(client.fetch(a.localAddress()).text()).isEqualTo("a");
        assertThat(client.fetch(b.localAddress()).text()).isEqualTo("b");
    }

    @Test
    @OncePerServer
    void start_onSamePortRightAfterClose_rebinds() throws Exception {
        GreetingServer first = newServer(serverConfig().build());
        InetSocketAddress address = TestNet.inet(first.start());
        client().fetch(address); // leaves a TIME_WAIT on the server's side: the server closes first
        first.close();

        GreetingServer second = started(serverConfig().port(address.getPort()).build());
        assertThat(second.localPort()).isEqualTo(address.getPort());
        assertThat(client().fetch(second.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
    }

    @Test
    @OncePerServer
    void start_portInUse_failsNamingThePortAndCanBeClosed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, TestNet.LOOPBACK)) {
            GreetingServer server = newServer(serverConfig().port(taken.getLocalPort()).build());
            assertThatThrownBy(server::start)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(String.valueOf(taken.getLocalPort()));
            server.close();
            server.close();
        }
    }

    @Test
    @OncePerServer
    void start_twice_isRefused() throws Exception {
        GreetingServer server = started(serverConfig().build());
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @OncePerServer
    void start_afterClose_isRefused() throws Exception {
        GreetingServer server = newServer(serverConfig().build());
        server.close();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @OncePerServer
    void awaitTermination_whileRunning_timesOut_thenReturnsOnceClosed() throws Exception {
        GreetingServer server = started(serverConfig().build());
        assertThat(server.awaitTermination(Duration.ofMillis(50))).as("running server").isFalse();
        java.util.concurrent.CompletableFuture<Boolean> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return server.awaitTermination(DEADLINE);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        server.close();
        assertThat(waiter.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(server.awaitTermination(Duration.ZERO)).as("closed server").isTrue();
    }

    @Test
    @OncePerServer
    void start_holdsOneNonDaemonThread_untilClose() throws Exception {
        GreetingServer server = started(serverConfig().build());
        int port = server.localPort();
        java.util.function.Supplier<List<Thread>> keepers = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !t.isDaemon() && t.getName().startsWith("greetwire-keepalive-")
                        && t.getName().endsWith("-" + port))
                .collect(java.util.stream.Collectors.toList());
        assertThat(keepers.get()).as("non-daemon keeper of the server on port " + port).hasSize(1);
        Thread keeper = keepers.get().get(0);
        server.close();
        assertThat(keeper.isAlive()).as("keeper after close() returned").isFalse();
    }

    @Test
    @OncePerServer
    void close_afterFailedStart_releasesAndAwaitTerminationReturns() throws Exception {
        GreetingServer first = started(serverConfig().build());
        GreetingServer second = newServer(serverConfig().port(first.localPort()).build());
        assertThatThrownBy(second::start).isInstanceOf(IOException.class);
        second.close();
        assertThat(second.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    @OncePerServer
    void localAddress_beforeStart_isRefused() {
        GreetingServer server = newServer(serverConfig().build());
        toClose.add(server);
        assertThatThrownBy(server::localAddress).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fetch_serverOnAllInterfaces_isReachedOverLoopback() throws Exception {
        GreetingServer server = started(serverConfig().bindAddress(null).build());
        assertThat(TestNet.inet(server.localAddress()).getAddress().isAnyLocalAddress()).isTrue();
        Greeting g = client().fetch(TestNet.loopback(server.localAddress()));
        assertThat(g.text()).startsWith(GreetingSource.SEED_PREFIX);
    }

    @Test
    void fetch_overIpv6Loopback() throws Exception {
        InetAddress v6 = TestNet.ipv6Loopback();
        assumeThat(v6).as("::1 is not configured on this machine").isNotNull();
        GreetingServer server = started(serverConfig().bindAddress(v6).build());
        Greeting g = client().fetch(server.localAddress());
        assertThat(g.text()).startsWith(GreetingSource.SEED_PREFIX);
        assertThat(TestNet.inet(g.localAddress()).getAddress()).isEqualTo(v6);
    }

    @Test
    void fetch_dualStackWildcard_servesIpv4AndIpv6() throws Exception {
        InetAddress v6 = TestNet.ipv6Loopback();
        assumeThat(v6).as("::1 is not configured on this machine").isNotNull();
        GreetingServer server = started(serverConfig().bindAddress(null).build());
        int port = server.localPort();
        assertThat(client().fetch(new InetSocketAddress(TestNet.LOOPBACK, port)).text()).startsWith(GreetingSource.SEED_PREFIX);
        assertThat(client().fetch(new InetSocketAddress(v6, port)).text()).startsWith(GreetingSource.SEED_PREFIX);
    }

    // ---- client failures --------------------------------------------------------------------

    @Test
    @OncePerClient
    void fetch_nobodyListening_isConnectRefused() throws Exception {
        try (Socket held = TestNet.unlistenedPort()) {
            InetSocketAddress address = (InetSocketAddress) held.getLocalSocketAddress();
            GreetingClient client = client();
            assertThatThrownBy(() -> client.fetch(address))
                    .isInstanceOfSatisfying(GreetingException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GreetingException.Kind.CONNECT_REFUSED);
                        assertThat(e.server()).isEqualTo(address);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + address.getPort());
                    });
        }
    }

    @Test
    @OncePerClient
    void fetchAsync_nobodyListening_completesExceptionally() throws Exception {
        try (Socket held = TestNet.unlistenedPort()) {
            CompletableFuture<Greeting> f = client().fetchAsync((InetSocketAddress) held.getLocalSocketAddress());
            assertThat(f).failsWithin(DEADLINE).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(GreetingException.class,
                            e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CONNECT_REFUSED));
        }
    }

    @Test
    @OncePerClient
    void fetch_fullBacklog_isConnectTimeout() throws Exception {
        try (ServerSocket neverAccepts = new ServerSocket(0, 1, TestNet.LOOPBACK)) {
            InetSocketAddress address = (InetSocketAddress) neverAccepts.getLocalSocketAddress();
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) { // the queue holds backlog+1; later SYNs are dropped
                    SocketChannel ch = SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(address);
                    fillers.add(ch);
                }
                GreetingClient client = client(clientConfig().connectTimeout(Duration.ofMillis(300)).build());
                assertThatThrownBy(() -> client.fetch(address))
                        .isInstanceOfSatisfying(GreetingException.class,
                                e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CONNECT_TIMEOUT));
            } finally {
                for (SocketChannel ch : fillers) {
                    ch.close();
                }
            }
        }
    }

    @Test
    @OncePerClient
    void fetch_serverSaysNothing_isReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, TestNet.LOOPBACK)) {
            InetSocketAddress address = (InetSocketAddress) silent.getLocalSocketAddress();
            GreetingClient client = client(clientConfig().readTimeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(() -> client.fetch(address))
                    .isInstanceOfSatisfying(GreetingException.class, e -> {
                        assertThat(e.kind()).isEqualTo(GreetingException.Kind.READ_TIMEOUT);
                        assertThat(e.server()).isEqualTo(address);
                    });
        }
    }

    @Test
    void fetch_greetingOverMax_isTooLarge() throws Exception {
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting("x".repeat(10_000)).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(1_000).build());
        assertThatThrownBy(() -> client.fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class,
                        e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.TOO_LARGE));
    }

    @Test
    void fetch_greetingOfExactlyMax_isAccepted() throws Exception {
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting("y".repeat(1_000)).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(1_000).build());
        assertThat(client.fetch(server.localAddress()).length()).isEqualTo(1_000);
    }

    @Test
    void fetch_largeGreeting_arrivesWhole() throws Exception {
        String big = "0123456789abcdef".repeat(64 * 1024); // 1 MiB
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build());
        assertThat(client.fetch(server.localAddress()).text()).isEqualTo(big);
    }

    @Test
    void fetch_seedFormatFromTextServer_isMalformed() throws Exception {
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting("short").build());
        GreetingClient client = client();
        assertThatThrownBy(() -> client.fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class,
                        e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.MALFORMED));
    }

    @Test
    @OncePerClient
    void fetch_afterClientClose_isRefusedOrClosed() throws Exception {
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = newClient(clientConfig().build());
        client.close();
        client.close();
        assertThatThrownBy(() -> client.fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class,
                        e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CLOSED));
    }

    @Test
    void fetch_afterServerClose_isConnectRefused() throws Exception {
        GreetingServer server = started(serverConfig().build());
        InetSocketAddress address = TestNet.inet(server.localAddress());
        server.close();
        GreetingClient client = client();
        assertThatThrownBy(() -> client.fetch(address))
                .isInstanceOfSatisfying(GreetingException.class,
                        e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.CONNECT_REFUSED));
    }

    // ---- many clients and stats -------------------------------------------------------------

    @Test
    void fetch_manyClientsAtOnce_allGreetedAndCounted() throws Exception {
        int threads = 64;
        int each = 20;
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = client();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        if (client.fetch(server.localAddress()).text().startsWith(GreetingSource.SEED_PREFIX)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(ok).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
        long n = (long) threads * each;
        TestNet.await("stats to settle", DEADLINE, () -> server.stats().open() == 0 && server.stats().greeted() == n);
        ServerStats stats = server.stats();
        assertThat(stats.accepted()).isEqualTo(n);
        assertThat(stats.failed()).isZero();
        assertThat(stats.bytesWritten()).isEqualTo(n * GreetingFormat.SEED_LENGTH);
    }

    @Test
    void fetchAsync_manyInFlight_allComplete() throws Exception {
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = client();
        List<CompletableFuture<Greeting>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<Greeting> f : futures) {
            assertThat(f.join().text()).startsWith(GreetingSource.SEED_PREFIX);
        }
    }

    @Test
    @OncePerServer
    void listener_seesEveryConnection() throws Exception {
        ConnectionListener listener = mock(ConnectionListener.class);
        GreetingServer server = started(serverConfig().listener(listener).build());
        GreetingClient client = client();
        for (int i = 0; i < 5; i++) {
            client.fetch(server.localAddress());
        }
        // The callbacks run on the server's I/O threads, after the client may have read the greeting.
        verify(listener, timeout(DEADLINE.toMillis()).times(5)).onGreeted(any(InetSocketAddress.class),
                eq((long) GreetingFormat.SEED_LENGTH));
        verify(listener, times(5)).onAccepted(any(InetSocketAddress.class));
        verify(listener, never()).onFailed(any(), any());
    }

    // ---- slow peers and limits --------------------------------------------------------------

    @Test
    @OncePerServer
    void writeTimeout_peerThatNeverReads_isDroppedAndCounted() throws Exception {
        String big = "z".repeat(16 << 20); // far more than both socket buffers hold
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .writeTimeout(Duration.ofMillis(500)).build());
        try (Socket peer = TestNet.silentPeer(server.localAddress())) {
            TestNet.await("WRITE_TIMEOUT counted", DEADLINE, () -> server.stats().failed(FailureReason.WRITE_TIMEOUT) == 1);
            assertThat(server.stats().open()).isZero();
            // Meanwhile and afterwards, a normal client is served.
            GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(32 << 20).build());
            assertThat(client.fetch(server.localAddress()).length()).isEqualTo(big.length());
        }
    }

    @Test
    @OncePerServer
    void peerHalfClosingDuringTheGreeting_stillGetsAllOfIt() throws Exception {
        String big = "h".repeat(16 << 20);
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .writeTimeout(Duration.ofSeconds(60)).build());
        try (Socket peer = new Socket()) {
            peer.connect(server.localAddress(), 5_000);
            TestNet.await("accepted", DEADLINE, () -> server.stats().accepted() == 1);
            // The server's bounded send buffer and a receive buffer that grows only as it is read
            // (6 MiB at most here) hold far less than the greeting: the write is still on when the
            // FIN arrives. A half-closed client reads on (nc -N is one), here as fast as it can,
            // and the C server, which never reads, greets it whole.
            peer.shutdownOutput();
            assertThat(server.stats().greeted()).isZero();
            peer.setSoTimeout((int) DEADLINE.toMillis());
            byte[] got = peer.getInputStream().readAllBytes();
            assertThat(got.length).isEqualTo(big.length());
        }
        TestNet.await("greeted", DEADLINE, () -> server.stats().greeted() == 1, server::stats);
        assertThat(server.stats().failed()).isZero();
    }

    /**
     * A client that sends before it reads (a line typed into nc, an HTTP request to the wrong
     * port) leaves bytes the server never reads, and Linux closes such a socket with a reset. The
     * greeting must reach the client before that reset: whole, then an end of file or the reset.
     */
    @Test
    @OncePerServer
    void peerThatSendsBeforeItReads_stillGetsTheWholeGreeting() throws Exception {
        assumeThat(java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/tcp"))).as("needs Linux /proc/net/tcp").isTrue();
        String text = "hello to a client that talks first";
        java.util.concurrent.CountDownLatch unread = new java.util.concurrent.CountDownLatch(1);
        ConnectionListener waitsForTheBytes = new ConnectionListener() {
            @Override
            public void onAccepted(java.net.SocketAddress remote) {
                try { // on the accepting thread, before the greeting is written
                    unread.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(text)
                .listener(waitsForTheBytes).build());
        int port = TestNet.port(server.localAddress());
        try (Socket peer = new Socket()) {
            peer.connect(server.localAddress(), 5_000);
            peer.setSoTimeout((int) DEADLINE.toMillis());
            try {
                peer.getOutputStream().write("hello?\r\n".getBytes(StandardCharsets.US_ASCII));
                TestNet.await("the bytes in the server's socket, unread", DEADLINE,
                        () -> TestNet.receiveQueueBytes(port, peer.getLocalPort()) > 0);
            } finally {
                unread.countDown(); // never leave the server's thread waiting
            }
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            InputStream in = peer.getInputStream();
            try {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    got.write(b);
                }
            } catch (IOException resetAfterTheGreeting) {
                // the close's reset; what came before it is what counts
            }
            assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo(text);
        }
        TestNet.await("greeted", DEADLINE, () -> server.stats().greeted() == 1, server::stats);
    }

    @Test
    @OncePerServer
    void peerResettingDuringTheGreeting_isCountedReset_theClientsWordForIt() throws Exception {
        String big = "r".repeat(4 << 20); // more than both socket buffers hold: the write is still on
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .writeTimeout(Duration.ofSeconds(60)).build());
        Socket peer = TestNet.silentPeer(server.localAddress());
        TestNet.await("accepted", DEADLINE, () -> server.stats().accepted() == 1);
        peer.setSoLinger(true, 0);
        peer.close(); // RST
        TestNet.await("the failure counted", DEADLINE, () -> server.stats().failed() == 1, server::stats);
        assertThat(server.stats().failed(FailureReason.RESET)).as("%s", server.stats()).isEqualTo(1);
    }

    @Test
    @OncePerServer
    void maxConnections_overTheLimit_isClosedAtOnceAndCounted() throws Exception {
        String big = "z".repeat(16 << 20);
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .maxConnections(2).writeTimeout(Duration.ofSeconds(30)).build());
        try (Socket a = TestNet.silentPeer(server.localAddress()); Socket b = TestNet.silentPeer(server.localAddress())) {
            TestNet.await("two connections open", DEADLINE, () -> server.stats().open() == 2);
            try (Socket third = new Socket()) {
                third.connect(server.localAddress(), 5_000);
                third.setSoTimeout((int) DEADLINE.toMillis());
                InputStream in = third.getInputStream();
                try {
                    assertThat(in.read()).isEqualTo(-1);
                } catch (IOException reset) {
                    assertThat(reset.getMessage()).containsIgnoringCase("reset");
                }
            }
            TestNet.await("OVER_LIMIT counted", DEADLINE, () -> server.stats().failed(FailureReason.OVER_LIMIT) == 1);
            assertThat(server.stats().open()).isEqualTo(2);
        }
    }

    // ---- close ------------------------------------------------------------------------------

    @Test
    @OncePerServer
    void close_isIdempotentAndCanComeBeforeStart() throws Exception {
        GreetingServer unstarted = newServer(serverConfig().build());
        unstarted.close();
        unstarted.close();
        GreetingServer server = newServer(serverConfig().build());
        server.start();
        server.close();
        server.close();
        assertThat(server.stats().open()).isZero();
    }

    @Test
    void close_whileClientsAreBeingGreeted_neverYieldsACutGreeting() throws Exception {
        String big = "q".repeat(4 << 20);
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .drainTimeout(Duration.ZERO).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(8 << 20).build());
        List<CompletableFuture<Greeting>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
        }
        server.close();
        int whole = 0;
        for (CompletableFuture<Greeting> f : futures) {
            try {
                Greeting g = f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(g.length()).isEqualTo(big.length());
                whole++;
            } catch (java.util.concurrent.ExecutionException e) {
                // Cut mid-greeting: a reset; not accepted yet: refused or reset; never a short "whole" one.
                // READ_TIMEOUT (the client saw neither the reset nor an end) happened once in a full
                // run on netty/nio x netty/nio and is not explained yet: it is reported, not hidden.
                assertThat(e.getCause()).isInstanceOfSatisfying(GreetingException.class, ge -> assertThat(ge.kind())
                        .isIn(GreetingException.Kind.RESET, GreetingException.Kind.CONNECT_REFUSED,
                                GreetingException.Kind.CLOSED, GreetingException.Kind.READ_TIMEOUT));
                if (((GreetingException) e.getCause()).kind() == GreetingException.Kind.READ_TIMEOUT) {
                    TestNet.report("CUT-BUT-WAITED " + pair + ": a client cut by close() saw no reset: " + e.getCause());
                }
            }
        }
        ServerStats stats = server.stats();
        assertThat(stats.open()).isZero();
        assertThat(stats.greeted()).as("every greeting the server finished arrived whole").isEqualTo(whole);
        assertThat(stats.accepted()).isEqualTo(stats.greeted() + stats.failed());
    }

    @Test
    void close_drainsGreetingsInFlight() throws Exception {
        String big = "d".repeat(2 << 20);
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .drainTimeout(Duration.ofSeconds(10)).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(4 << 20).build());
        List<CompletableFuture<Greeting>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(client.fetchAsync(server.localAddress()));
        }
        TestNet.await("all ten accepted", DEADLINE, () -> server.stats().accepted() == 10);
        server.close();
        for (CompletableFuture<Greeting> f : futures) {
            assertThat(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).length()).isEqualTo(big.length());
        }
        assertThat(server.stats().greeted()).isEqualTo(10);
    }

    // ---- a synchronous fetch blocked in its read ---------------------------------------------

    /** Starts {@code fetch} on a thread of its own; the silent server's accept shows it connected. */
    private static CompletableFuture<Throwable> blockedFetch(GreetingClient client, ServerSocket silent, Thread[] thread) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                client.fetch((InetSocketAddress) silent.getLocalSocketAddress());
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        }, "conformance-fetch");
        t.setDaemon(true);
        thread[0] = t;
        t.start();
        return outcome;
    }

    @Test
    void fetch_clientClosedWhileReading_failsClosed() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, TestNet.LOOPBACK)) {
            GreetingClient client = client(clientConfig().readTimeout(Duration.ofSeconds(60)).build());
            CompletableFuture<Throwable> outcome = blockedFetch(client, silent, new Thread[1]);
            try (Socket accepted = silent.accept()) {
                client.close();
                Throwable e = outcome.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(e).isInstanceOfSatisfying(GreetingException.class,
                        g -> assertThat(g.kind()).isEqualTo(GreetingException.Kind.CLOSED));
                accepted.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(accepted.getInputStream().read()).isEqualTo(-1); // the client let go of the socket
            }
        }
    }

    @Test
    void fetch_interruptedWhileReading_failsIoAndKeepsTheInterrupt() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, TestNet.LOOPBACK)) {
            GreetingClient client = client(clientConfig().readTimeout(Duration.ofSeconds(60)).build());
            Thread[] thread = new Thread[1];
            AtomicInteger interruptedAfter = new AtomicInteger(-1);
            CompletableFuture<Throwable> outcome = blockedFetch(client, silent, thread)
                    .whenComplete((e, x) -> interruptedAfter.set(Thread.currentThread() == thread[0]
                            && Thread.currentThread().isInterrupted() ? 1 : 0));
            try (Socket accepted = silent.accept()) {
                thread[0].interrupt();
                Throwable e = outcome.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertThat(e).isInstanceOfSatisfying(GreetingException.class, g -> {
                    assertThat(g.kind()).isEqualTo(GreetingException.Kind.IO);
                    assertThat(g).hasMessageContaining("interrupted");
                });
                assertThat(interruptedAfter.get()).as("interrupt status kept").isEqualTo(1);
                accepted.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(accepted.getInputStream().read()).isEqualTo(-1);
            }
        }
    }
}
