package io.greetwire.bench;

import io.greetwire.GreetingFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Greeting rate: greetings/s with {@code inFlight} fetches outstanding at all times.
 *
 * <p>Each benchmark operation starts one fetch once a slot of the window is free; completions free
 * slots. The window stays full across iteration boundaries, so in steady state the rate of starts
 * that JMH counts is the rate of completions. The NIO and Netty clients use {@code fetchAsync}
 * (no thread per fetch); the {@code raw} and {@code blocking} clients get {@code inFlight} threads
 * each running a blocking {@code fetch}.
 *
 * <p>{@code tls}: the same over TLS 1.3, with full handshakes or resumed ones. With more than one
 * fetch in flight, some of a {@code resumed} run's fetches find no ticket in the JDK's cache and
 * handshake in full (see {@link BenchTls}): each iteration logs the share that resumed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GreetingRateBenchmark extends ServerClientState {
    private static final long STALL_SECONDS = 30;

    /** Fetches in flight. */
    @Param({"1", "16", "256"})
    public int inFlight;

    /** {@code tcp}: loopback TCP; {@code unix}: a Unix domain socket (no handshake, no ports). */
    @Param({"tcp", "unix"})
    public String channel;

    @Override
    protected String channel() {
        return channel;
    }

    /**
     * {@code none}, {@code full} or {@code resumed} (see {@link BenchTls}; the key is {@link #key}). Only
     * {@code none} by default: the baselines and the raw client speak no TLS, so a TLS run names its
     * pairs, e.g. {@code -p tls=none,full,resumed -p server=nio -p client=nio}.
     */
    @Param({"none"})
    public String tls;

    @Override
    protected String tls() {
        return tls;
    }

    /** The server's key with {@code tls}: {@code ec} (P-256, default) or {@code rsa} (2048); e.g. {@code -p key=ec,rsa}. */
    @Param({"ec"})
    public String key;

    @Override
    protected String key() {
        return key;
    }

    private Semaphore window;
    private ExecutorService threads;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Fetches slower than {@link #SLOW_NANOS} this iteration, and the slowest: stalls show up in the log. */
    private final LongAdder slow = new LongAdder();
    private final LongAccumulator slowest = new LongAccumulator(Math::max, 0);
    private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * Starts the server and the client, and threads for a blocking client.
     *
     * @throws Exception if either cannot start
     */
    @Setup(Level.Trial)
    public void setup() throws Exception {
        open(new Servers.Greeting(GreetingFormat.SEED, null), GreetingFormat.SEED_LENGTH);
        window = new Semaphore(inFlight);
        if (!cli.isAsync()) {
            threads = Executors.newFixedThreadPool(inFlight, r -> {
                Thread t = new Thread(r, "bench-client");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Starts one fetch once fewer than {@code inFlight} are in flight.
     *
     * @throws Exception if an earlier fetch failed
     */
    @Benchmark
    public void greeting() throws Exception {
        Throwable f = failure.get();
        if (f != null) {
            throw new IllegalStateException("a fetch failed (server " + server + ", client " + client
                    + ", " + inFlight + " in flight): " + f, f);
        }
        if (!window.tryAcquire(STALL_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no fetch completed in " + STALL_SECONDS + " s (server " + server
                    + ", client " + client + ", " + inFlight + " in flight): the pair stalled");
        }
        long start = System.nanoTime();
        if (threads != null) {
            threads.execute(() -> fetchOnThread(start));
        } else {
            cli.fetchAsync(address).whenComplete((n, e) -> {
                if (e != null) {
                    fail(e);
                }
                done(start);
            });
        }
    }

    private void fetchOnThread(long start) {
        try {
            cli.fetch(address);
        } catch (Throwable e) {
            fail(e);
        } finally {
            done(start);
        }
    }

    private void done(long start) {
        long t = System.nanoTime() - start;
        if (t > SLOW_NANOS) {
            slow.increment();
            slowest.accumulate(t);
        }
        window.release();
    }

    /**
     * Says when fetches stalled: a SYN retransmit (1 s) means a dropped SYN, not a slow server. Over
     * TLS, says what share of the iteration's fetches resumed, and fails it if a {@code full} fetch
     * resumed (fetches in flight at the boundary count in the next iteration).
     */
    @TearDown(Level.Iteration)
    public void reportStalls() {
        double share = tlsSettings.checkShare("server " + server + ", client " + client + ", " + inFlight + " in flight");
        if (!Double.isNaN(share)) {
            System.out.printf(java.util.Locale.ROOT, "%n# greetwire: tls=%s, %.1f%% of the fetches resumed%n", tls, share * 100);
        }
        long n = slow.sumThenReset();
        long max = slowest.getThenReset();
        if (n > 0) {
            System.out.printf(java.util.Locale.ROOT, "%n# greetwire: %d fetches took over %d ms (slowest %.0f ms);"
                    + " about 1 s or 3 s means SYN retransmits (dropped SYNs: full accept queue, or a SYN that"
                    + " hit a TIME_WAIT it could not reuse), not a slow server%n", n,
                    TimeUnit.NANOSECONDS.toMillis(SLOW_NANOS), max / 1e6);
        }
    }

    private void fail(Throwable e) {
        failure.compareAndSet(null, PortExhaustion.isExhaustion(e) ? PortExhaustion.explain(address, e) : e);
    }

    /**
     * Waits for the fetches in flight, then closes everything.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    @TearDown(Level.Trial)
    public void drain() throws InterruptedException {
        if (window != null && !window.tryAcquire(inFlight, STALL_SECONDS, TimeUnit.SECONDS)) {
            System.out.println("# greetwire: fetches still in flight after " + STALL_SECONDS + " s at teardown");
        }
        if (threads != null) {
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }
        closeAll();
    }
}
