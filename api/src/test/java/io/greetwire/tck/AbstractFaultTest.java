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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault suite: load, slow and hostile peers, descriptor exhaustion, shutdown under load, and
 * leaks. Like {@link AbstractTransportTest}, a transport runs it through a thin subclass.
 * Counts and times are bounded; waits use deadlines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class AbstractFaultTest {
    protected static final Duration DEADLINE = Duration.ofSeconds(60);
    private final List<AutoCloseable> toClose = new ArrayList<>();

    protected abstract GreetingServer newServer(ServerConfig config);

    protected abstract GreetingClient newClient(ClientConfig config);

    /** The transport's name, for {@link Transports#get} in a child JVM. */
    protected abstract String transportName();

    /** Options the child JVM's server gets ({@code key=value}), e.g. to force a Netty flavour. */
    protected List<String> childOptions() {
        return List.of();
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

    @Test
    void neverReadingClients_1000_areDroppedAtTheWriteTimeout_whileOthersAreServed() throws Exception {
        int peers = 1_000;
        String big = "m".repeat(1 << 20);
        GreetingServer server = started(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .writeTimeout(Duration.ofSeconds(3)).build());
        GreetingClient client = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20).build());
        client.fetch(server.localAddress()); // warm up, so the baseline below holds the transport's own buffers
        long heapBefore = usedHeapAfterGc();
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < peers; i++) {
                silent.add(TestNet.silentPeer(server.localAddress()));
            }
            TestNet.await("all " + peers + " accepted", DEADLINE, () -> server.stats().accepted() >= peers + 1);
            // A normal client is served meanwhile, within a second of its own deadline.
            GreetingClient quick = client(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20)
                    .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(1)).build());
            assertThat(quick.fetch(server.localAddress()).length()).isEqualTo(big.length());
            long heapDuring = usedHeapAfterGc();
            // A copy per connection would be 1 GiB; the shared greeting costs nothing per connection.
            assertThat(heapDuring - heapBefore).as("heap growth with %d peers holding a 1 MiB greeting", peers)
                    .isLessThan(256L << 20);
            TestNet.await("every silent peer dropped", DEADLINE,
                    () -> server.stats().failed(FailureReason.WRITE_TIMEOUT) == peers, server::stats);
            assertThat(server.stats().open()).isZero();
        } finally {
            closeAll(silent);
        }
    }

    @Test
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

    @Test
    void tooManyOpenFiles_serverBacksOffAndRecovers() throws Exception {
        assumeThat(new File("/bin/bash")).as("needs bash for ulimit").exists();
        assumeThat(TestNet.openFds()).as("needs /proc/self/fd").isPositive();
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        StringBuilder cmd = new StringBuilder("ulimit -n 256 && exec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' " + FdLimitedServer.class.getName() + " " + transportName());
        for (String o : childOptions()) {
            cmd.append(' ').append(o);
        }
        Process child = new ProcessBuilder("/bin/bash", "-c", cmd.toString()).start();
        List<String> errLines = new CopyOnWriteArrayList<>();
        Thread errPump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    errLines.add(l);
                }
            } catch (IOException ignored) {
                // child gone
            }
        }, "fault-test-stderr");
        errPump.setDaemon(true);
        errPump.start();
        List<Socket> peers = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("child stderr: %s", errLines).startsWith("PORT ");
            InetSocketAddress address = new InetSocketAddress(TestNet.LOOPBACK, Integer.parseInt(first.substring(5)));
            for (int i = 0; i < 400; i++) { // more than the child's 256 descriptors; the kernel completes the handshakes
                peers.add(TestNet.silentPeer(address));
            }
            TestNet.await("the child to report too many open files", DEADLINE,
                    () -> errLines.stream().anyMatch(l -> l.contains("Too many open files")), () -> errLines);
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
                        throw new AssertionError("no greeting after the load was gone; child stderr: "
                                + errLines.subList(Math.max(0, errLines.size() - 20), errLines.size()), e);
                    }
                }
            }
            assertThat(g.length()).isEqualTo(1 << 20);
            child.getOutputStream().write("stop\n".getBytes(StandardCharsets.US_ASCII));
            child.getOutputStream().flush();
            String stats = out.readLine();
            assertThat(stats).as("child stderr: %s", errLines).startsWith("STATS acceptErrors=");
            long acceptErrors = Long.parseLong(stats.replaceAll(".*acceptErrors=(\\d+).*", "$1"));
            assertThat(acceptErrors).isPositive();
            assertThat(child.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            closeAll(peers);
            child.destroyForcibly();
        }
        long emfileLines = errLines.stream().filter(l -> l.contains("Too many open files")
                && (l.contains("WARN") || l.contains("ERROR") || l.contains("INFO"))).count();
        assertThat(emfileLines).as("logged once per burst, not per failure: %s", errLines).isBetween(1L, 10L);
    }

    @Test
    void close_with100InFlight_everyClientGetsAllOrAnError_andNothingLeaks() throws Exception {
        warmUp();
        long fdsBefore = TestNet.openFds();
        long threadsBefore = TestNet.quietThreads("greetwire-");
        String big = "g".repeat(256 * 1024);
        GreetingServer server = newServer(serverConfig().format(GreetingFormat.TEXT).greeting(big)
                .drainTimeout(Duration.ofMillis(500)).build());
        GreetingClient client = newClient(clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(1 << 20).build());
        try {
            server.start();
            List<CompletableFuture<Greeting>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(client.fetchAsync(server.localAddress()));
            }
            server.close();
            int whole = 0;
            for (CompletableFuture<Greeting> f : futures) {
                try {
                    assertThat(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).length()).isEqualTo(big.length());
                    whole++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(GreetingException.class, ge ->
                            assertThat(ge.kind()).isIn(Kind.CONNECT_REFUSED, Kind.CLOSED, Kind.RESET));
                }
            }
            ServerStats s = server.stats();
            assertThat(s.greeted()).isGreaterThanOrEqualTo(whole);
            assertThat(s.accepted()).isEqualTo(s.greeted() + s.failed());
            assertThat(s.open()).isZero();
        } finally {
            server.close();
            client.close();
        }
        TestNet.await("no greetwire thread left", DEADLINE, () -> TestNet.threadsNamed("greetwire-") <= threadsBefore);
        if (fdsBefore > 0) {
            TestNet.await("descriptors back to " + fdsBefore, DEADLINE, () -> TestNet.openFds() <= fdsBefore);
        }
    }

    @Test
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
    void fetch_endlessStream_stopsAtMaxBytes() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.endless())) {
            AtomicLong heap = new AtomicLong(usedHeapAfterGc());
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT).maxGreetingBytes(64 * 1024).build());
            assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(usedHeapAfterGc() - heap.get()).isLessThan(64L << 20);
        }
    }

    @Test
    void fetch_oneByteASecond_isReadTimeout() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.drip())) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT)
                    .readTimeout(Duration.ofMillis(2_500)).build());
            assertThat(e.kind()).isEqualTo(Kind.READ_TIMEOUT);
        }
    }

    @Test
    void fetch_resetMidGreeting_isResetNeverAPartialGreeting() throws Exception {
        byte[] half = "welcome to our ser".getBytes(StandardCharsets.US_ASCII);
        try (HostileServer h = HostileServer.start(HostileServer.resetAfter(half))) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TEXT).build());
            assertThat(e.kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void fetch_resetAsSoonAsAccepted_isReset_notRefused() throws Exception {
        // The native engines report this as a failed connect; nobody refused, the server reset.
        try (HostileServer h = HostileServer.start(HostileServer.resetAfter(new byte[0]))) {
            assertThat(fetchFails(h, clientConfig().build()).kind()).isEqualTo(Kind.RESET);
        }
    }

    @Test
    void fetch_closedWithoutAWord_isClosed() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.send(new byte[0]))) {
            assertThat(fetchFails(h, clientConfig().build()).kind()).isEqualTo(Kind.CLOSED);
        }
    }

    @Test
    void fetch_silentServer_isReadTimeout() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.silent())) {
            assertThat(fetchFails(h, clientConfig().readTimeout(Duration.ofMillis(500)).build()).kind())
                    .isEqualTo(Kind.READ_TIMEOUT);
        }
    }

    @Test
    void fetch_threeBytesToATimeClient_isMalformed() throws Exception {
        try (HostileServer h = HostileServer.start(HostileServer.send(new byte[] {1, 2, 3}))) {
            GreetingException e = fetchFails(h, clientConfig().format(GreetingFormat.TIME).build());
            assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(e.getMessage()).contains("4 bytes, got 3");
        }
    }

    @Test
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

    private void warmUp() throws Exception {
        try (GreetingServer s = newServer(serverConfig().build()); GreetingClient c = newClient(clientConfig().build())) {
            s.start();
            c.fetch(s.localAddress());
            c.fetchAsync(s.localAddress()).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
