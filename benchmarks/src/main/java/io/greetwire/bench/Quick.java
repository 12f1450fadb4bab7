package io.greetwire.bench;

import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code quick} and {@code smoke}: every benchmark over a reduced matrix, in several JMH runs whose
 * results go into one JSON file, then the report.
 *
 * <p>The matrix: every server (each Greetwire transport in the jar, each baseline) with the raw
 * client, which compares servers; each Greetwire transport as both server and client, which
 * compares clients (against the raw client on the same server); every client on {@code base-nio}
 * for connection setup; the greeting rate at N=16 for the explicit Netty flavours, all on TCP
 * loopback ({@code channel=tcp}); then connection setup and the rate at N=16 of every server on a
 * Unix socket ({@code channel=unix}), which the report compares with the same server's TCP rows;
 * then TLS at connection setup (TlsSetup: each transport with its own client, plain, full and
 * resumed handshakes, EC key; netty also on the JDK's provider), and the greeting rate over TLS
 * (each transport with its own client, full and resumed, N=1 and 16; {@code --smoke}: nio at N=16,
 * resumed, only).
 * Connection setup runs with JMH's GC profiler, for the report's bytes per fetch. The full matrix (every server × every client × every flavour)
 * is JMH's default: {@code java -jar benchmarks.jar -rf json -rff results.json}.
 *
 * <pre>
 * quick [--out DIR] [--smoke] [-- JMH OPTIONS]
 * </pre>
 * Quick: one fork, one 1 s warmup and ten 200 ms measurements per benchmark (many short ones:
 * JMH's 99.9% error uses Student's t, which is 12.9 for four samples and 4.8 for ten). {@code --smoke}: one 100 ms iteration and no warmup per benchmark
 * (CI proves they run); any
 * failed benchmark makes the exit status 1.
 */
final class Quick {
    private static final List<String> TRANSPORTS = List.of("blocking", "nio", "netty");
    private static final List<String> FLAVOURS = List.of("epoll", "nio");

    private Quick() { }

    /** One JMH run: a benchmark class and the parameter values it runs with. */
    record Plan(String benchmark, Map<String, List<String>> params, int modes) {
        int expected() {
            return params.values().stream().mapToInt(List::size).reduce(1, (a, b) -> a * b) * modes;
        }

        @Override
        public String toString() {
            return benchmark + " " + params.entrySet().stream().map(e -> e.getKey() + "=" + String.join(",", e.getValue()))
                    .collect(Collectors.joining(" "));
        }
    }

    /** The {@code quick} command line (see {@link BenchCommands.QuickCommand}); its exit status. */
    static int main0(String[] args) {
        return BenchCommands.execute("quick", args);
    }

    /** Runs the quick matrix into {@code out}; {@code jmhArgs} are JMH's own options. */
    static int run(Path out, boolean smoke, String[] jmhArgs) throws IOException {
        CommandLineOptions jmh;
        try {
            jmh = new CommandLineOptions(jmhArgs);
        } catch (CommandLineOptionException e) {
            System.err.println("quick: bad JMH options: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(out);

        List<Plan> plans = plans(smoke);
        long started = System.nanoTime();
        List<RunResult> all = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Plan plan : plans) {
            System.out.println("\n### quick: " + plan + " (" + plan.expected() + " runs)");
            ChainedOptionsBuilder o = new OptionsBuilder().parent(jmh)
                    .include(java.util.regex.Pattern.quote("io.greetwire.bench." + plan.benchmark() + "Benchmark") + "\\..*")
                    .shouldFailOnError(false);
            plan.params().forEach((k, v) -> o.param(k, v.toArray(new String[0])));
            if (plan.benchmark().equals(Report.SETUP)) {
                o.addProfiler(GCProfiler.class); // bytes per fetch: the report's allocation section
            }
            if (!jmh.getForkCount().hasValue()) {
                o.forks(1);
            }
            if (!jmh.getWarmupIterations().hasValue()) {
                o.warmupIterations(smoke ? 0 : 1);
            }
            if (!jmh.getWarmupTime().hasValue()) {
                o.warmupTime(TimeValue.seconds(1));
            }
            if (!jmh.getMeasurementIterations().hasValue()) {
                o.measurementIterations(smoke ? 1 : 10);
            }
            if (!jmh.getMeasurementTime().hasValue()) {
                o.measurementTime(TimeValue.milliseconds(smoke ? 100 : 200));
            }
            Collection<RunResult> results;
            try {
                results = new Runner(o.build()).run();
            } catch (RunnerException e) {
                String why = e.getMessage() != null ? e.getMessage() : e.toString();
                System.err.println("quick: " + plan + " failed: " + why);
                failed.add(plan + ": " + why);
                continue;
            }
            all.addAll(results);
            if (results.size() < plan.expected()) {
                failed.add(plan + ": " + (plan.expected() - results.size()) + " of " + plan.expected()
                        + " runs failed (see the log above)");
            }
        }
        Path json = out.resolve("results.json");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(json), true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(all);
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.println("\nquick: " + all.size() + " results in " + seconds / 60 + " min " + seconds % 60 + " s, written to " + json);
        int status = 0;
        if (all.isEmpty()) {
            System.err.println("quick: no results");
            status = 1;
        } else {
            status = Report.main0(new String[] {json.toString(), "--out", out.toString(),
                "--compact", out.resolve("results-compact.json").toString()});
        }
        if (!failed.isEmpty()) {
            System.err.println("quick: " + failed.size() + " benchmark runs did not complete:");
            failed.forEach(f -> System.err.println("  " + f));
            status = 1;
        }
        return status;
    }

    /** The reduced matrix, for the transports that are in this jar. */
    static List<Plan> plans() {
        return plans(false);
    }

    /** The reduced matrix; {@code smoke}: one TLS greeting-rate point instead of one per transport. */
    static List<Plan> plans(boolean smoke) {
        Set<String> present = Transports.available().stream().map(GreetingTransport::name).collect(Collectors.toSet());
        List<String> transports = TRANSPORTS.stream().filter(present::contains).collect(Collectors.toList());
        TRANSPORTS.stream().filter(t -> !present.contains(t)).forEach(t ->
                System.out.println("quick: transport '" + t + "' is not in this jar; its benchmarks are left out"));
        List<String> servers = new ArrayList<>(transports);
        for (String t : TRANSPORTS) {
            servers.add(Servers.baselineOf(t));
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put(Report.SETUP, List.of());
        extra.put(Report.RATE, List.of("1", "16", "256"));
        extra.put(Report.PAYLOAD, List.of("64", "65536", "1048576", "16777216"));
        List<Plan> plans = new ArrayList<>();
        extra.forEach((bench, values) -> {
            int modes = bench.equals(Report.SETUP) ? 2 : 1;
            String key = bench.equals(Report.RATE) ? "inFlight" : "size";
            plans.add(tcp(new Plan(bench, params(servers, List.of(BenchClient.RAW), key, values), modes)));
            for (String t : transports) {
                plans.add(tcp(new Plan(bench, params(List.of(t), List.of(t), key, values), modes)));
            }
        });
        // Every client on one server (raw on it is in the first plan): a client's allocation is
        // its row minus the raw client's.
        if (!transports.isEmpty()) {
            plans.add(tcp(new Plan(Report.SETUP, params(List.of(Servers.baselineOf("nio")), transports, "size", List.of()), 2)));
        }
        // Unix sockets: every server with the raw client, compared with its TCP rows above.
        plans.add(new Plan(Report.SETUP, params(servers, List.of(BenchClient.RAW), "channel", List.of("unix")), 2));
        Map<String, List<String>> rate = params(servers, List.of(BenchClient.RAW), "inFlight", List.of("16"));
        rate.put("channel", List.of("unix"));
        plans.add(new Plan(Report.RATE, rate, 1));
        List<String> flavoured = new ArrayList<>();
        for (String f : FLAVOURS) {
            if (NettyFlavour.available(NettyFlavour.valueOf(f.toUpperCase(java.util.Locale.ROOT)))) {
                if (present.contains("netty")) {
                    flavoured.add("netty/" + f);
                }
                flavoured.add("base-netty/" + f);
            }
        }
        if (!flavoured.isEmpty()) {
            plans.add(tcp(new Plan(Report.RATE, params(flavoured, List.of(BenchClient.RAW), "inFlight", List.of("16")), 1)));
        }
        plans.addAll(tlsPlans(transports));
        plans.addAll(tlsRatePlans(transports, smoke));
        return plans;
    }

    /**
     * The greeting rate over TLS, full and resumed handshakes (the plain rows are in the TCP plans):
     * each transport with its own client at N=1 (every resumed fetch resumes) and N=16 (as many as
     * the JDK's ticket cache allows); for the smoke run, nio's pair at N=16 resumed alone.
     */
    private static List<Plan> tlsRatePlans(List<String> transports, boolean smoke) {
        List<Plan> plans = new ArrayList<>();
        if (smoke) {
            String t = transports.contains("nio") ? "nio" : transports.isEmpty() ? null : transports.get(0);
            if (t != null) {
                Map<String, List<String>> m = params(List.of(t), List.of(t), "inFlight", List.of("16"));
                m.put(TlsSections.TLS, List.of("resumed"));
                plans.add(tcp(new Plan(Report.RATE, m, 1)));
            }
            return plans;
        }
        for (String t : transports) {
            Map<String, List<String>> m = params(List.of(t), List.of(t), "inFlight", List.of("1", "16"));
            m.put(TlsSections.TLS, List.of("full", "resumed"));
            plans.add(tcp(new Plan(Report.RATE, m, 1)));
        }
        return plans;
    }

    /**
     * TLS at connection setup: each transport's server with its own client, plain, full and resumed,
     * EC key only (RSA costs the same on every transport, more); netty also with the JDK's provider.
     */
    private static List<Plan> tlsPlans(List<String> transports) {
        List<Plan> plans = new ArrayList<>();
        for (String t : transports) {
            plans.add(tlsPlan(t, t));
            if (t.equals("netty")) {
                plans.add(tlsPlan("netty-jdk", t));
            }
        }
        return plans;
    }

    private static Plan tlsPlan(String server, String client) {
        Map<String, List<String>> m = params(List.of(server), List.of(client), "tls", List.of("none", "full", "resumed"));
        m.put("key", List.of("ec"));
        return new Plan(TlsSections.TLS_SETUP, m, 1);
    }

    /** The plan on TCP only, where its benchmark has a {@code channel} parameter. */
    private static Plan tcp(Plan p) {
        if (!p.benchmark().equals(Report.SETUP) && !p.benchmark().equals(Report.RATE)) {
            return p;
        }
        Map<String, List<String>> m = new LinkedHashMap<>(p.params());
        m.put("channel", List.of("tcp"));
        return new Plan(p.benchmark(), m, p.modes());
    }

    private static Map<String, List<String>> params(List<String> servers, List<String> clients, String key, List<String> values) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("server", servers);
        m.put("client", clients);
        if (!values.isEmpty()) {
            m.put(key, values);
        }
        return m;
    }
}
