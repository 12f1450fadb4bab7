package io.greetwire.examples.cli;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.spi.GreetingTransport;
import java.io.PrintWriter;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code load}: keeps C greetings in flight against a server (this project's or any other that
 * speaks first and closes, such as an inetd daytime service) until a time or a count is reached,
 * prints a progress line a second on stderr, and ends with greetings/s, errors by reason and
 * latency percentiles recorded with HdrHistogram.
 *
 * <p>The NIO and Netty clients keep the window full with {@code fetchAsync} (no thread per
 * fetch); the blocking client runs C threads, each fetching in a loop. With {@code --rate} the
 * greetings go out on a fixed schedule instead (open loop, as wrk2 does) and latency counts from
 * each one's intended send time. The exit status is 0 when every greeting arrived, 1 otherwise.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {
            "Drives a greeting server with C greetings in flight, bounded by time or count, and reports "
                    + "greetings/s, errors by reason and latency percentiles (p50, p90, p99, p99.9, max).",
            "Progress: a line a second on stderr. Exit status: 0 if every greeting arrived, 1 otherwise."
        })
final class LoadCommand implements Callable<Integer> {
    /** The default bound when neither --duration nor --count is given, in seconds. */
    static final double DEFAULT_SECONDS = 10;
    /** Under {@code --mode auto}, up to this many in flight run as threads calling {@code fetch}: {@value}. */
    static final int AUTO_THREADS_UP_TO = 16;
    /** A rate is saturated when less than this share of it was achieved: {@value} %. */
    static final int SATURATED_PERCENT = 90;

    @Parameters(index = "0", arity = "0..1", description = "server host or address (none with --unix)")
    String host;

    @Option(names = "--transport", description = "the client's transport: blocking, nio or netty (default: the best available)")
    String transport;

    @Mixin
    ClientOptions clientOptions;

    @Option(names = {"-c", "--concurrency"}, description = "greetings in flight (default: ${DEFAULT-VALUE})", defaultValue = "16")
    int concurrency;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Bound bound;

    /** --duration or --count, not both. */
    static final class Bound {
        @Option(names = {"-d", "--duration"}, description = "seconds to run (default: " + DEFAULT_SECONDS + ")", required = true)
        Double seconds;

        @Option(names = {"-n", "--count"}, description = "greetings to attempt, then stop", required = true)
        Long count;
    }

    @Option(names = "--warmup", description = "seconds of load before measuring, not counted in the summary "
            + "(lets the JIT compile the client; default: ${DEFAULT-VALUE})", defaultValue = "0")
    double warmupSeconds;

    @Option(names = "--mode", description = "async (fetchAsync window), threads (C threads running fetch) or auto: "
            + "threads for the blocking transport and for up to " + AUTO_THREADS_UP_TO + " in flight (a synchronous fetch "
            + "runs on the caller's thread, no hand-off), async for more (default: ${DEFAULT-VALUE})", defaultValue = "auto")
    String mode;


    @Option(names = "--rate", split = ",", paramLabel = "R[,R...]", description = "open loop: send at R greetings/s on a fixed "
            + "schedule and measure latency from each greeting's intended send time, so a stalled client or server is "
            + "charged for every greeting it delayed (no coordinated omission); -c bounds the greetings in flight. "
            + "Several rates run in turn, each for the duration, and stop after the first the run cannot keep "
            + "(achieved < " + SATURATED_PERCENT + " % of the target)")
    List<Double> rates;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClientConfig config;
        SocketAddress server;
        GreetingTransport t;
        boolean async;
        try {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency: must be at least 1, got " + concurrency);
            }
            if (bound != null && bound.count != null && bound.count < 1) {
                throw new IllegalArgumentException("--count: must be at least 1, got " + bound.count);
            }
            if (!(warmupSeconds >= 0)) {
                throw new IllegalArgumentException("--warmup: must be 0 or more seconds, got " + warmupSeconds);
            }
            if (bound != null && bound.seconds != null && !(bound.seconds > 0)) {
                throw new IllegalArgumentException("--duration: must be more than 0 seconds, got " + bound.seconds);
            }
            if (rates != null) {
                for (Double r : rates) {
                    if (r == null || !(r > 0) || r > 1e9) {
                        throw new IllegalArgumentException("--rate: must be more than 0 greetings/s (and at most 1e9), got " + r);
                    }
                }
            }
            config = clientOptions.config();
            server = clientOptions.server(host);
            t = Cli.transport(transport);
            switch (mode.toLowerCase(Locale.ROOT)) {
                case "auto": async = !t.name().equals("blocking") && concurrency > AUTO_THREADS_UP_TO; break;
                case "async": async = true; break;
                case "threads": async = false; break;
                default: throw new IllegalArgumentException("--mode: must be auto, async or threads, got '" + mode + "'");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("greetwire load: " + e.getMessage());
            err.flush();
            return 1;
        }
        Long count = bound != null ? bound.count : null;
        double seconds = bound != null && bound.seconds != null ? bound.seconds : DEFAULT_SECONDS;
        out.printf(Locale.ROOT, "load: %s transport=%s format=%s concurrency=%d (%s)%s %s%s%n", Cli.hostPort(server), t.name(),
                Cli.formatName(clientOptions.format), concurrency, async ? "fetchAsync window" : concurrency + " threads",
                rates == null ? "" : " rate=" + rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r))
                        .collect(java.util.stream.Collectors.joining(",")) + "/s",
                count != null ? "count=" + count : String.format(Locale.ROOT, "duration=%.1fs", seconds),
                warmupSeconds > 0 ? String.format(Locale.ROOT, " after a %.1fs warmup", warmupSeconds) : "");
        out.flush();
        AtomicReference<Run> current = new AtomicReference<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "greetwire-load-progress");
            th.setDaemon(true);
            return th;
        });
        if (!quiet) {
            ticker.scheduleAtFixedRate(() -> current.get().progress(err), 1, 1, TimeUnit.SECONDS);
        }
        Run run;
        try (GreetingClient client = t.newClient(config)) {
            if (warmupSeconds > 0) {
                Run warmup = new Run(null, (long) (warmupSeconds * 1e9), "warmup", rates == null ? 0 : rates.get(0));
                current.set(warmup);
                drive(client, server, warmup, async);
                warmup.finish();
                out.printf(Locale.ROOT, "warmup: %,d ok, %,d failed (not counted)%n", warmup.ok.sum(), warmup.failed.sum());
                if (warmup.fatal.get() != null) {
                    err.println("greetwire load: " + warmup.fatal.get().getMessage());
                    err.flush();
                    return 1;
                }
            }
            long durationNanos = count == null ? (long) (seconds * 1e9) : Long.MAX_VALUE;
            if (rates == null) {
                run = new Run(count, durationNanos, "load", 0);
                current.set(run);
                drive(client, server, run, async);
                run.finish();
                run.summary(out);
            } else {
                run = null;
                for (double rate : rates) {
                    Run r = new Run(count, durationNanos, String.format(Locale.ROOT, "rate %,.0f/s", rate), rate);
                    current.set(r);
                    drive(client, server, r, async);
                    r.finish();
                    r.summary(out);
                    out.flush();
                    run = r.worseOf(run);
                    if (r.fatal.get() != null) {
                        break;
                    }
                    if (r.achieved() < rate * SATURATED_PERCENT / 100) {
                        out.printf(Locale.ROOT, "saturated: %,.0f greetings/s achieved of %,.0f/s; higher rates not run%n",
                                r.achieved(), rate);
                        break;
                    }
                }
            }
        } finally {
            ticker.shutdownNow();
        }
        out.flush();
        Throwable fatal = run.fatal.get();
        if (fatal != null) {
            err.println("greetwire load: " + fatal.getMessage());
            err.flush();
            return 1;
        }
        return run.failed.sum() == 0 && run.ok.sum() > 0 ? 0 : 1;
    }

    private void drive(GreetingClient client, SocketAddress server, Run run, boolean async) throws InterruptedException {
        if (async) {
            runAsync(client, server, run);
        } else {
            runThreads(client, server, run);
        }
    }

    /** Keeps {@code concurrency} fetchAsync calls outstanding until the bound is reached, then waits for them. */
    private void runAsync(GreetingClient client, SocketAddress server, Run run) throws InterruptedException {
        Semaphore window = new Semaphore(concurrency);
        long ticket;
        while ((ticket = run.claim()) >= 0) {
            long intended = run.pace(ticket);
            window.acquire(); // on a schedule, waiting here is charged to the greeting: it counts from intended
            long start = System.nanoTime();
            long from = run.open() ? intended : start;
            CompletableFuture<Greeting> f;
            try {
                f = client.fetchAsync(server);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((g, e) -> {
                run.record(server, from, start, e);
                window.release();
            });
        }
        long wait = TimeUnit.SECONDS.toMillis(clientOptions.connectTimeoutSeconds + clientOptions.readTimeoutSeconds + 5);
        if (!window.tryAcquire(concurrency, wait, TimeUnit.MILLISECONDS)) {
            run.fatal.compareAndSet(null, new IllegalStateException("fetches still in flight " + wait
                    + " ms after the end; the client did not honour its timeouts"));
        }
    }

    /** {@code concurrency} threads, each fetching in a loop until the bound is reached. */
    private void runThreads(GreetingClient client, SocketAddress server, Run run) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread th = new Thread(() -> {
                long ticket;
                while ((ticket = run.claim()) >= 0) {
                    long intended = run.pace(ticket);
                    long start = System.nanoTime();
                    Throwable failure = null;
                    try {
                        client.fetch(server);
                    } catch (GreetingException | RuntimeException e) {
                        failure = e;
                    }
                    run.record(server, run.open() ? intended : start, start, failure);
                }
            }, "greetwire-load-" + i);
            th.setDaemon(true);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
    }

    /** The counters of one run; updated from many threads. */
    static final class Run {
        private final Long count;
        private final long durationNanos;
        private final String phase;
        private final long started = System.nanoTime();
        private final long cpuStarted = processCpuNanos();
        private long cpuEnded;
        private final long deadline;
        private final AtomicLong tickets = new AtomicLong();
        final LongAdder ok = new LongAdder();
        final LongAdder failed = new LongAdder();
        private final Map<GreetingException.Kind, LongAdder> errors = new EnumMap<>(GreetingException.Kind.class);
        private final LongAdder otherErrors = new LongAdder();
        private final AtomicReference<String> firstOther = new AtomicReference<>();
        final AtomicReference<Throwable> fatal = new AtomicReference<>();
        /** Latency of successful fetches, in nanoseconds: from the intended send time on a schedule. */
        private final Histogram latency = new ConcurrentHistogram(3);
        /** On a schedule: from the actual send, what a closed-loop tool would report. */
        private final Histogram service = new ConcurrentHistogram(3);
        /** The schedule's period; 0 without one (closed loop). */
        private final double periodNanos;
        private final double rate;
        private long lastOk;
        private long lastTick = started;
        private volatile long ended;

        Run(Long count, long durationNanos, String phase, double rate) {
            this.count = count;
            this.rate = rate;
            this.periodNanos = rate > 0 ? 1e9 / rate : 0;
            this.phase = phase;
            this.durationNanos = durationNanos;
            this.deadline = started + durationNanos;
            for (GreetingException.Kind k : GreetingException.Kind.values()) {
                errors.put(k, new LongAdder());
            }
        }

        /** Whether greetings go out on a schedule (open loop). */
        boolean open() {
            return periodNanos > 0;
        }

        /** The number of the next fetch, or -1 when the run is over. */
        long claim() {
            if (fatal.get() != null) {
                return -1;
            }
            long ticket = tickets.getAndIncrement();
            if (count != null) {
                return ticket < count ? ticket : -1;
            }
            long now = System.nanoTime();
            // On a schedule, greetings still unsent at the end are not sent late: the run's time is bounded.
            return now - deadline < 0 && (!open() || intended(ticket) - deadline < 0) ? ticket : -1;
        }

        private long intended(long ticket) {
            return started + (long) (ticket * periodNanos);
        }

        /** On a schedule, waits for the ticket's send time and returns it; otherwise returns now. */
        long pace(long ticket) {
            if (!open()) {
                return System.nanoTime();
            }
            long at = intended(ticket);
            long left;
            while ((left = at - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
            }
            return at;
        }

        /** Greetings/s that arrived. */
        double achieved() {
            return ok.sum() / Math.max((ended - started) / 1e9, 1e-9);
        }

        /** This run, or {@code other} if that one failed (for the exit status of several runs). */
        Run worseOf(Run other) {
            if (other == null) {
                return this;
            }
            boolean otherBad = other.fatal.get() != null || other.failed.sum() > 0 || other.ok.sum() == 0;
            return otherBad ? other : this;
        }

        void record(SocketAddress server, long from, long start, Throwable failure) {
            long now = System.nanoTime();
            if (failure == null) {
                latency.recordValue(Math.max(1, now - from));
                if (open()) {
                    service.recordValue(Math.max(1, now - start));
                }
                ok.increment();
                return;
            }
            failed.increment();
            Throwable e = failure;
            while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
                e = e.getCause();
            }
            if (isPortExhaustion(e)) {
                fatal.compareAndSet(null, new IllegalStateException(portExhaustionMessage(server), e));
            }
            if (e instanceof GreetingException) {
                errors.get(((GreetingException) e).kind()).increment();
            } else {
                otherErrors.increment();
                firstOther.compareAndSet(null, e.toString());
            }
        }

        void finish() {
            ended = System.nanoTime();
            cpuEnded = processCpuNanos();
        }

        /** This process's CPU time, every thread (JIT and GC included); -1 where the JVM does not tell. */
        private static long processCpuNanos() {
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean
                    ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
        }

        /** One progress line: elapsed, totals, the rate over the last second. */
        synchronized void progress(PrintWriter err) {
            long now = System.nanoTime();
            long done = ok.sum();
            double rate = (done - lastOk) * 1e9 / Math.max(1, now - lastTick);
            lastOk = done;
            lastTick = now;
            String bound = count != null ? String.format(Locale.ROOT, "%,d/%,d", done + failed.sum(), count)
                    : String.format(Locale.ROOT, "%.0f/%.0f s", (now - started) / 1e9, durationNanos / 1e9);
            err.printf(Locale.ROOT, "%s: %6.1f s  %s  ok=%,d failed=%,d  %,.0f greetings/s%n",
                    phase, (now - started) / 1e9, bound, done, failed.sum(), rate);
            err.flush();
        }

        void summary(PrintWriter out) {
            double secs = (ended - started) / 1e9;
            long good = ok.sum();
            long bad = failed.sum();
            out.printf(Locale.ROOT, "greetings: %,d ok, %,d failed in %.3f s: %,.0f greetings/s%n", good, bad, secs,
                    good / Math.max(secs, 1e-9));
            StringBuilder e = new StringBuilder();
            errors.forEach((k, v) -> {
                if (v.sum() > 0) {
                    e.append(e.length() == 0 ? "" : ", ").append(k).append('=').append(v.sum());
                }
            });
            if (otherErrors.sum() > 0) {
                e.append(e.length() == 0 ? "" : ", ").append("OTHER=").append(otherErrors.sum())
                        .append(" (first: ").append(firstOther.get()).append(')');
            }
            out.println("errors: " + (e.length() == 0 ? "none" : e));
            if (cpuStarted >= 0 && cpuEnded >= 0 && good + bad > 0) {
                out.printf(Locale.ROOT, "client cpu: %.1f µs per greeting (this process, every thread)%n",
                        (cpuEnded - cpuStarted) / 1e3 / (good + bad));
            }
            if (good == 0) {
                out.println("latency: no greeting arrived");
                return;
            }
            if (!open()) {
                out.println("latency ms: " + percentiles(latency));
                return;
            }
            out.printf(Locale.ROOT, "rate: target %,.0f/s, achieved %,.0f greetings/s%n", rate, achieved());
            out.println("latency ms from the intended send time: " + percentiles(latency));
            out.println("service time ms from the actual send: " + percentiles(service));
            // One line for scripts (benchmarks/latency.sh).
            out.printf(Locale.ROOT, "sweep: target=%.0f achieved=%.0f ok=%d failed=%d %s%n", rate, achieved(), good, bad,
                    percentiles(latency));
        }

        private static String percentiles(Histogram h) {
            return String.format(Locale.ROOT, "p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f",
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }

    /** EADDRNOTAVAIL: this machine has no local port left for a new connection. */
    static boolean isPortExhaustion(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String msg = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (msg.contains("cannot assign requested address") || msg.contains("eaddrnotavail")) {
                return true;
            }
        }
        return false;
    }

    static String portExhaustionMessage(SocketAddress server) {
        return "stopped: this machine ran out of ephemeral ports connecting to " + Cli.hostPort(server)
                + " (EADDRNOTAVAIL: Cannot assign requested address). Each greeting takes a local port; a server"
                + " that closes first (as this protocol's do) keeps TIME_WAIT on its side, so running out means"
                + " connections closed from this side first (timeouts, resets) or a rate beyond"
                + " net.ipv4.ip_local_port_range. Lower --concurrency, or widen the port range.";
    }
}
