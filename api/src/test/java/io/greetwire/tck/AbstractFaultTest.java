package io.greetwire.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.greetwire.ClientConfig;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault suite: load, slow and hostile peers, descriptor exhaustion, shutdown under load, and
 * leaks. A transport runs it with one thin subclass whose {@code pairs()} lists its variants, each
 * server with its own client ({@link Permutations#own}); the server-side tests
 * ({@link OncePerServer}) use raw sockets or the pair's client, the client-side ones
 * ({@link OncePerClient}) plain-socket {@link HostileServer}s. Counts and times are bounded; waits
 * use deadlines; a child process is destroyed when its test ends, whatever the outcome.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("pairs")
@ExtendWith(LeakCheck.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AbstractFaultTest implements PairedSuite {
    protected static final Duration DEADLINE = Duration.ofSeconds(60);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** The server and client under test, injected by JUnit from the subclass's {@code pairs()}. */
    @Parameter
    TransportPair pair;

    @Override
    public TransportPair pair() {
        return pair;
    }

    protected GreetingServer newServer(ServerConfig config) {
        return pair.server().newServer(config);
    }

    protected GreetingClient newClient(ClientConfig config) {
        return pair.client().newClient(config);
    }

    protected ServerConfig.Builder serverConfig() {
        return ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .writeTimeout(Duration.ofSeconds(5)).drainTimeout(Duration.ofSeconds(2));
    }

    protected ClientConfig.Builder clientConfig() {
        return ClientConfig.builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20));
    }

    protected GreetingServer started(ServerConfig config) throws IOException {
        GreetingServer s = newServer(config);
        toClose.add(s);
        s.start();
        return s;
    }

    protected GreetingClient client(ClientConfig config) {
        GreetingClient c = newClient(config);
        toClose.add(c);
        return c;
    }

    /** Closed after the test, even one that timed out (its thread is abandoned, not this). */
    protected <T extends AutoCloseable> T closedAfter(T resource) {
        toClose.add(resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // going anyway
            }
        }
    }

    // ---- the server under load and faults -------------------------------------------------

    @Test
    @OncePerServer
    void load_200ConcurrentClients_50000Greetings_allWholeAndCounted() throws Exception {
        int total = 50_000;
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = client(clientConfig().build());
        Semaphore inFlight = new Semaphore(200);
        AtomicInteger whole = new AtomicInteger();
        Map<String, Integer> wrong = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> all = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            assertThat(inFlight.tryAcquire(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("a slot within the deadline").isTrue();
            all.add(client.fetchAsync(server.localAddress()).whenComplete((g, e) -> {
                inFlight.release();
                if (e == null && g.length() == GreetingFormat.SEED_LENGTH && g.text().startsWith(GreetingSource.SEED_PREFIX)) {
                    whole.incrementAndGet();
                } else {
                    wrong.merge(String.valueOf(e != null ? e : g), 1, Integer::sum);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(wrong).isEmpty();
        assertThat(whole.get()).isEqualTo(total);
        TestNet.await("open back to 0", DEADLINE, () -> server.stats().open() == 0 && server.stats().greeted() == total);
        ServerStats s = server.stats();
        assertThat(s.accepted()).isEqualTo(s.greeted() + s.failed() + s.open()).isEqualTo(total);
    }

    /** Never-reading peers: more than the blocking transport's pool of 1,024 writer threads. */
    static final int NEVER_READERS = 3_000;
    /** Their greeting: far more than a socket's buffers hold, so every write stays in progress. */
    static final int NEVER_READ_GREETING = 1 << 20;
    /** A never-reader's receive buffer; the kernel doubles it for its bookkeeping. */
    static final int PEER_RCVBUF = 4096;
    /**
     * Kernel TCP memory a never-reader may cost: its server socket's send buffer, bounded at
     * {@link ServerConfig#DEFAULT_SEND_BUFFER_SIZE} (the kernel doubles SO_SNDBUF), and the peer's
     * receive buffer (doubled too), each at most twice again for the sk_buff overhead the kernel
     * charges with the data: 2 x 2 x (64 KiB + 4 KiB) = 272 KiB.
     */
    static final long TCP_BYTES_PER_NEVER_READER = 2 * 2 * (ServerConfig.DEFAULT_SEND_BUFFER_SIZE + PEER_RCVBUF);
    /**
     * Kernel TCP memory is counted machine-wide ({@code /proc/net/sockstat}): the test's own
     * normal client, sockets in TIME_WAIT and other processes' sockets move it too, by a few MiB.
     * 3,000 never-readers fill their buffers to the bound (measured: 798 MiB of 796 MiB with
     * virtual-thread writers, while other builds ran), and an unbounded server would cost 2.6 GiB.
     */
    static final long TCP_SLACK_BYTES = 32L << 20;
    /**
     * Resident memory a never-reader may add to the server process: 64 KiB, which a copy of the
     * 1 MiB greeting would exceed 16 times over; it covers the Java objects of a connection, a
     * blocking writer thread's touched stack (1,024 of them at most) and allocator slack.
     */
    static final long RSS_BYTES_PER_NEVER_READER = 64 * 1024;
    /** What the server process may grow by besides: heap the JIT and GC claim under load. */
    static final long RSS_SLACK_BYTES = 128L << 20;

    @Test
    @OncePerServer
    void neverReadingClients_3000_costBoundedMemory_andANormalClientIsServedWithinASecond() throws Exception {
        Duration writeTimeout = Duration.ofSeconds(10); // long enough to connect 3,000 peers and measure first
        ChildProcess child = closedAfter(ChildProcess.start(4 * NEVER_READERS + 1024, NEVER_READ_GREETING,
                writeTimeout, pair.server(), DEADLINE));
        InetSocketAddress address = new InetSocketAddress(TestNet.LOOPBACK, child.port());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20)
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)).build());
        for (int i = 0; i < 3; i++) { // warm: the baseline holds the transport's own buffers and code
            client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build()).fetch(address);
        }
        long rssBefore = child.rssBytes();
        long tcpBefore = TestNet.tcpMemoryBytes();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < NEVER_READERS; i++) {
                Socket peer = new Socket();
                peer.setReceiveBufferSize(PEER_RCVBUF);
                silent.add(peer);
                peer.connect(address, 5_000);
            }
            long peers = NEVER_READERS;
            TestNet.await("all " + peers + " accepted", DEADLINE, () -> stat(child, "accepted") >= peers + 3, child::tail);
            assertThat(child.stat("WRITE_TIMEOUT")).as("no never-reader dropped yet: the test is slower than %s",
                    writeTimeout).isZero();
            // Every greeting is now stalled mid-write; the server must still serve a normal client at once.
            long t0 = System.nanoTime();
            int limit = pair.server().stalledWriteLimit();
            if (limit > 0 && limit < peers) {
                // A documented limit: past `limit` stalled writers, a greeting waits for a writer thread.
                // The client is served once the never-readers are dropped, not within the second.
                assertThatThrownBy(() -> client.fetch(address)).as("past the %d writer threads", limit)
                        .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.READ_TIMEOUT));
            } else {
                assertThat(client.fetch(address).length()).isEqualTo(NEVER_READ_GREETING);
            }
            long servedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(child.stat("open")).as("never-readers still open: their writes are stalled, not done")
                    .isGreaterThanOrEqualTo(peers);
            long rssGrowth = child.rssBytes() - rssBefore;
            long tcpGrowth = tcpBefore < 0 ? -1 : TestNet.tcpMemoryBytes() - tcpBefore;
            TestNet.report(String.format("NEVER-READERS %s: %d peers of a %d KiB greeting; normal client %s in %d ms;"
                            + " server RSS +%d MiB (bound %d MiB); kernel TCP memory +%d MiB (bound %d MiB)",
                    pair.server(), peers, NEVER_READ_GREETING >> 10,
                    limit > 0 && limit < peers ? "timed out (past the writer limit)" : "served", servedMillis, rssGrowth >> 20,
                    (peers * RSS_BYTES_PER_NEVER_READER + RSS_SLACK_BYTES) >> 20, tcpGrowth >> 20,
                    (peers * TCP_BYTES_PER_NEVER_READER + TCP_SLACK_BYTES) >> 20));
            assertThat(rssGrowth).as("server RSS growth with %d never-readers", peers)
                    .isLessThan(peers * RSS_BYTES_PER_NEVER_READER + RSS_SLACK_BYTES);
            if (tcpGrowth >= 0) {
                assertThat(tcpGrowth).as("kernel TCP memory growth with %d never-readers", peers)
                        .isLessThan(peers * TCP_BYTES_PER_NEVER_READER + TCP_SLACK_BYTES);
            }
            TestNet.await("every never-reader dropped at the write timeout", DEADLINE,
                    () -> stat(child, "WRITE_TIMEOUT") >= peers, child::tail);
            if (limit > 0 && limit < peers) {
                // The client that waited was served after all (or dropped when it had gone: its 1 s was up).
                assertThat(client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build())
                        .fetch(address).length()).isEqualTo(NEVER_READ_GREETING);
            }
            TestNet.await("every connection closed", DEADLINE, () -> stat(child, "open") == 0, child::tail);
        } finally {
            closeAll(silent);
        }
    }

    private static long stat(ChildProcess child, String name) {
        try {
            return child.stat(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @OncePerServer
    void resettingClients_burstOfThousands_noWarningPerConnection_andServingGoesOn() throws Exception {
        int burst = 3_000;
        GreetingServer server = started(serverConfig().build());
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> escaped.add(e));
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (int i = 0; i < burst; i++) {
                try (Socket s = new Socket()) {
                    s.connect(server.localAddress(), 5_000);
                    s.setSoLinger(true, 0);
                }
            }
            TestNet.await("the burst accepted", DEADLINE, () -> server.stats().accepted() >= burst);
            TestNet.await("the burst settled", DEADLINE, () -> server.stats().open() == 0);
        } finally {
            System.setErr(err);
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        long loud = log.lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).count();
        assertThat(loud).as("WARN/ERROR lines for %d resets:%n%s", burst, log).isLessThanOrEqualTo(2);
        assertThat(escaped).isEmpty();
        ServerStats s = server.stats();
        assertThat(s.accepted()).isEqualTo(s.greeted() + s.failed());
        assertThat(client(clientConfig().build()).fetch(server.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
    }

    /**
     * The most CPU a server may use while it cannot accept (EMFILE) and connections wait in its
     * backlog: a fifth of one core. A loop that retries accept without pausing takes a whole core.
     */
    static final double EMFILE_MAX_CPU_SHARE = 0.2;

    @Test
    @OncePerServer
    void tooManyOpenFiles_serverBacksOffWithoutSpinning_andRecovers() throws Exception {
        assumeThat(TestNet.openFds()).as("needs /proc/self/fd").isPositive();
        assumeThat(pair.server().emfileLimitation()).as(pair.server().emfileLimitation()).isEmpty();
        ChildProcess child = closedAfter(ChildProcess.start(256, 1 << 20, Duration.ofSeconds(60), pair.server(), DEADLINE));
        InetSocketAddress address = new InetSocketAddress(TestNet.LOOPBACK, child.port());
        List<Socket> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) { // more than the child's 256 descriptors; the kernel completes the handshakes
                peers.add(TestNet.silentPeer(address));
            }
            TestNet.await("the child to report too many open files", DEADLINE,
                    () -> child.stderr().stream().anyMatch(l -> l.contains("Too many open files")), child::tail);
            // The descriptors stay exhausted while the backlog holds connections: the server must wait, not spin.
            long cpu0 = child.cpuNanos();
            long t0 = System.nanoTime();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos()); // a window to measure, not a wait for an event
            double share = (double) (child.cpuNanos() - cpu0) / (System.nanoTime() - t0);
            TestNet.report(String.format("EMFILE %s: the server used %.1f %% of a core during 2 s of exhausted descriptors",
                    pair.server(), share * 100));
            assertThat(share).as("CPU share while accept fails with EMFILE").isLessThan(EMFILE_MAX_CPU_SHARE);
            closeAll(peers);
            peers.clear();
            // The load is gone: the server serves again on the same listening socket.
            GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build());
            Greeting g = null;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (g == null) {
                try {
                    g = client.fetch(address);
                } catch (GreetingException e) {
                    // descriptors still being released by the child; retried until the deadline
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("no greeting after the load was gone; child stderr: " + child.tail(), e);
                    }
                }
            }
            assertThat(g.length()).isEqualTo(1 << 20);
            String stats = child.stop(DEADLINE);
            assertThat(stats).as("child stderr: %s", child.tail()).startsWith("STATS ");
            long acceptErrors = Long.parseLong(stats.replaceAll(".*acceptErrors=(\\d+).*", "$1"));
            assertThat(acceptErrors).isPositive();
        } finally {
            closeAll(peers);
        }
        long emfileLines = child.stderr().stream().filter(l -> l.contains("Too many open files")
                && (l.contains("WARN") || l.contains("ERROR") || l.contains("INFO"))).count();
        assertThat(emfileLines).as("logged once per burst, not per failure: %s", child.tail()).isBetween(1L, 10L);
    }

    @Test
    @OncePerServer
    void close_withGreetingsInFlight_resetsExactlyTheUnfinished_andTheRestAreWhole() throws Exception {
        int stalled = 8;
        int readers = 4;
        int size = 4 << 20; // far more than a bounded send buffer and a 4 KiB receive buffer hold
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting("c".repeat(size))
                .writeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofSeconds(3)).build());
        List<Socket> stalledPeers = new ArrayList<>();
        List<Socket> readingPeers = new ArrayList<>();
        try {
            for (int i = 0; i < stalled; i++) {
                stalledPeers.add(TestNet.silentPeer(server.localAddress()));
            }
            for (int i = 0; i < readers; i++) {
                Socket s = new Socket();
                readingPeers.add(s);
                s.connect(server.localAddress(), 5_000);
            }
            TestNet.await("every greeting in progress", DEADLINE,
                    () -> server.stats().accepted() == stalled + readers && server.stats().open() == stalled + readers,
                    server::stats);
            // The readers start reading as close() starts: they finish within the drain, the stalled
            // peers never read, so their writes are still in progress when the drain ends.
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Long>> read = new ArrayList<>();
            for (Socket s : readingPeers) {
                read.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return drain(s);
                    } catch (IOException | InterruptedException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }));
            }
            go.countDown();
            server.close();
            for (CompletableFuture<Long> f : read) {
                assertThat(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("a reader's greeting").isEqualTo(size);
            }
            for (Socket s : stalledPeers) {
                s.setSoTimeout((int) DEADLINE.toMillis());
                long[] got = new long[1];
                assertThatThrownBy(() -> drainCounting(s, got))
                        .as("a cut greeting ends in a reset, never in a FIN").isInstanceOf(IOException.class)
                        .hasMessageContaining("reset");
                assertThat(got[0]).as("bytes before the reset").isLessThan(size);
            }
            ServerStats st = server.stats();
            assertThat(st.failed(FailureReason.SHUTDOWN)).as("SHUTDOWN failures: exactly the cut greetings").isEqualTo(stalled);
            assertThat(st.greeted()).isEqualTo(readers);
            assertThat(st.failed()).isEqualTo(stalled);
            assertThat(st.open()).isZero();
        } finally {
            closeAll(stalledPeers);
            closeAll(readingPeers);
        }
    }

    @Test
    @OncePerServer
    void sendBuffer_growsOnceAClientHasRead_andStaysBoundedForOneThatNeverReads() throws Exception {
        int bound = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
        long proof = (long) bound * io.greetwire.internal.SendBuffers.PROOF_FACTOR;
        long grown = (long) bound * io.greetwire.internal.SendBuffers.READER_FACTOR;
        int size = 8 << 20; // well past the proof, and more than both peers' buffers and the grown send buffer hold
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting("g".repeat(size))
                .sendBufferSize(bound).writeTimeout(Duration.ofSeconds(60)).build());
        int serverPort = TestNet.port(server.localAddress());
        assumeThat(new File("/proc/net/tcp")).as("needs Linux /proc/net/tcp").canRead();
        try (Socket never = TestNet.silentPeer(server.localAddress()); Socket reader = new Socket()) {
            // A small, fixed receive buffer: once the reader stops, what it left unread waits on the server.
            reader.setReceiveBufferSize(4096);
            reader.connect(server.localAddress(), 5_000);
            reader.setSoTimeout((int) DEADLINE.toMillis());
            assertThat(reader.getInputStream().readNBytes((int) (2 * proof))).hasSize((int) (2 * proof));
            // The reader has read past the proof and stopped: its send buffer has grown, so the
            // server queues more for it than the bound would let it.
            LongSupplier readerQueue = () -> TestNet.sendQueueBytes(serverPort, reader.getLocalPort());
            LongSupplier neverQueue = () -> TestNet.sendQueueBytes(serverPort, never.getLocalPort());
            TestNet.await("the reader's queue past what the bound holds", DEADLINE,
                    () -> readerQueue.getAsLong() > TestNet.sendQueueBound(bound), () -> "queued " + readerQueue.getAsLong());
            TestNet.await("the never-reader's write stalled with data queued", DEADLINE,
                    () -> neverQueue.getAsLong() > 0, () -> "queued " + neverQueue.getAsLong());
            TestNet.report(String.format("SEND-BUFFER %s: bound %d KiB; queued for a never-reader %d KiB,"
                    + " for a client that read %d KiB and stopped %d KiB", pair.server(), bound >> 10,
                    neverQueue.getAsLong() >> 10, (2 * proof) >> 10, readerQueue.getAsLong() >> 10));
            assertThat(neverQueue.getAsLong()).as("queued for a client that never read").isLessThanOrEqualTo(TestNet.sendQueueBound(bound));
            assertThat(readerQueue.getAsLong()).as("queued for a client that read, then stopped")
                    .isLessThanOrEqualTo(TestNet.sendQueueBound(grown));
            assertThat(server.stats().open()).as("both writes still in progress").isEqualTo(2);
        }
    }

    /** Reads {@code s} to its end and returns how many bytes came. */
    private static long drain(Socket s) throws IOException {
        return drainCounting(s, new long[1]);
    }

    /** Reads {@code s} to its end, keeping the count in {@code got[0]} even when the read fails. */
    private static long drainCounting(Socket s, long[] got) throws IOException {
        byte[] buf = new byte[64 * 1024];
        java.io.InputStream in = s.getInputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
            got[0] += n;
        }
        return got[0];
    }

    @Test
    @OncePerServer
    void restart_onTheSamePort_100TimesInARow() throws Exception {
        GreetingServer first = newServer(serverConfig().build());
        int port = TestNet.port(first.start());
        first.close();
        try (GreetingClient client = newClient(clientConfig().build())) {
            for (int i = 0; i < 100; i++) {
                try (GreetingServer s = newServer(serverConfig().port(port).drainTimeout(Duration.ZERO).build())) {
                    assertThat(TestNet.port(s.start())).isEqualTo(port);
                    assertThat(client.fetch(s.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
                }
            }
        }
    }

    // ---- the client against hostile servers ------------------------------------------------

    private GreetingException fetchFails(HostileServer hostile, ClientConfig config) {
        long threadsBefore = TestNet.quietThreads("greetwire-");
        GreetingClient client = newClient(config);
        try {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.fetch(hostile.address()));
            assertThat(t).isInstanceOf(GreetingException.class);
            GreetingException e = (GreetingException) t;
            assertThat(e.server()).isEqualTo(hostile.address());
            assertThat(e.getMessage()).contains(":" + hostile.address().getPort());
            return e;
        } finally {
            client.close();
            TestNet.await("the client's threads to end", DEADLINE, () -> TestNet.threadsNamed("greetwire-") <= threadsBefore);
        }
    }

    @Test
    @OncePerClient
    void fetch_endlessStream_stopsAtMaxBytes() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.endless())) {
            AtomicLong heap = new AtomicLong(usedHeapAfterGc());
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(64 * 1024).build());
            assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(usedHeapAfterGc() - heap.get()).isLessThan(64L << 20);
        }
    }

    @Test
    @OncePerClient
    void fetch_oneByteASecond_isReadTimeout() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.drip())) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT)
                    .readTimeout(Duration.ofMillis(2_500)).build());
            assertThat(e.kind()).isEqualTo(Kind.READ_TIMEOUT);
        }
    }

    @Test
    @OncePerClient
    void fetch_resetMidGreeting_isResetNeverAPartialGreeting() throws Exception {
        byte[] half = "welcome to our ser".getBytes(StandardCharsets.US_ASCII);
        try (HostileServer h = HostileServer.start(HostileServer.resetAfter(half))) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT).build());
            assertThat(e.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    @OncePerClient
    void fetch_resetAsSoonAsAccepted_isReset_notRefused() throws Exception {
        // The native engines report this as a failed connect; nobody refused, the server reset.
        try (HostileServer h = HostileServer.start(HostileServer.resetAfter(new byte[0]))) {
            assertThat(fetchFails(h, clientConfig().build()).kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    @OncePerClient
    void fetch_closedWithoutAWord_isClosed() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.send(new byte[0]))) {
            assertThat(fetchFails(h, clientConfig().build()).kind()).isEqualTo(Kind.CLOSED);
        }
    }

    @Test
    @OncePerClient
    void fetch_silentServer_isReadTimeout() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.silent())) {
            assertThat(fetchFails(h, clientConfig().readTimeout(Duration.ofMillis(500)).build()).kind())
                    .isEqualTo(Kind.READ_TIMEOUT);
        }
    }

    @Test
    @OncePerClient
    void fetch_threeBytesToATimeClient_isMalformed() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.send(new byte[] {1, 2, 3}))) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TIME).build());
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(e.getMessage()).contains("4 bytes, got 3");
        }
    }

    @Test
    @OncePerClient
    void fetch_invalidUtf8_isReplacedOrRefusedWhenStrict() throws Exception {
        byte[] bad = {'h', 'i', (byte) 0xFF, '!'};
        try (HostileServer h = HostileServer.start(HostileServer.send(bad))) {
            try (GreetingClient lenient = newClient(clientConfig().format(GreetingFormat.TEXT).build())) {
                assertThat(lenient.fetch(h.address()).text()).isEqualTo("hi\uFFFD!");
            }
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT).strictUtf8(true).build());
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        }
    }

    @Test
    @OncePerClient
    void fetch_afterClientClose_failsClosed_andLeavesNoThread() throws Exception {
        long threadsBefore = TestNet.quietThreads("greetwire-");
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = newClient(clientConfig().build());
        client.fetch(server.localAddress());
        client.close();
        assertThatThrownBy(() -> client.fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
        server.close();
        TestNet.await("no greetwire thread left", DEADLINE, () -> TestNet.threadsNamed("greetwire-") <= threadsBefore);
    }

    @Test
    @OncePerClient
    void clientClose_withFetchesInFlight_completesEveryFutureClosed() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.silent())) {
            GreetingClient client = newClient(clientConfig().readTimeout(Duration.ofSeconds(60)).build());
            List<CompletableFuture<Greeting>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(client.fetchAsync(h.address()));
            }
            client.close();
            for (CompletableFuture<Greeting> f : futures) {
                assertThat(f).failsWithin(DEADLINE).withThrowableOfType(ExecutionException.class)
                        .havingCause().isInstanceOfSatisfying(GreetingException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
            }
        }
    }

    @Test
    @OncePerClient
    void clientClose_fromACompletionCallback_doesNotThrowOrHang() throws Exception {
        GreetingServer server = started(serverConfig().build());
        GreetingClient client = newClient(clientConfig().build());
        CompletableFuture<Throwable> closed = new CompletableFuture<>();
        client.fetchAsync(server.localAddress()).whenComplete((g, e) -> {
            try {
                client.close();
                closed.complete(null);
            } catch (Throwable t) {
                closed.complete(t);
            }
        });
        assertThat(closed.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isNull();
        client.close();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
