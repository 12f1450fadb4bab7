package io.greetwire.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Turns a JMH JSON result file into {@code report.md} (every result, its error, its ratio to the
 * baseline of its I/O model and to the raw client) and PNG charts ({@code rate.png},
 * {@code latency.png}, {@code payload.png}), headless.
 *
 * <pre>
 * java -jar benchmarks.jar report results.json --out DIR [--iperf-gbits 13.6]
 * java -cp benchmarks.jar io.greetwire.bench.Report results.json --out DIR
 * </pre>
 */
public final class Report {
    static final String SETUP = "ConnectionSetup";
    static final String RATE = "GreetingRate";
    static final String PAYLOAD = "Payload";
    /** The parameter that says TCP loopback or a Unix socket, and its Unix value. */
    static final String CHANNEL = "channel";
    static final String UNIX = "unix";
    /** A Greetwire server must reach this share of its model's baseline (issue 5). */
    static final double MODEL_TARGET = 0.90;
    /** The fastest Greetwire server must reach this share of the fastest baseline. */
    static final double FASTEST_TARGET = 0.95;
    /** The 16 MiB payload must move at this share of loopback bandwidth at least. */
    static final double IPERF_TARGET = 0.5;
    private static final List<String> SERVER_ORDER = List.of("blocking", "base-blocking", "nio", "base-nio",
            "netty", "base-netty", "netty/io_uring", "base-netty/io_uring", "netty/epoll", "base-netty/epoll",
            "netty/nio", "base-netty/nio");
    private static final List<String> CLIENT_ORDER = List.of("raw", "blocking", "nio", "netty",
            "netty/io_uring", "netty/epoll", "netty/nio");

    /** One JMH result. */
    record Row(String bench, String mode, Map<String, String> params, double score, double error, String unit,
            Map<String, Double> percentiles) {
        String server() { return params.getOrDefault("server", "?"); }
        String client() { return params.getOrDefault("client", "?"); }
        boolean higherIsBetter() { return mode.equals("thrpt"); }
        /** The parameters other than server and client, in a stable order. */
        String others() {
            return params.entrySet().stream().filter(e -> !e.getKey().equals("server") && !e.getKey().equals("client"))
                    .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(","));
        }
        double lo() { return score - err(); }
        double hi() { return score + err(); }
        double err() { return Double.isNaN(error) ? 0 : error; }
        String pair() { return server() + " | " + client(); }
        /** {@link #others()} without the constant ioThreads=1, for prose. */
        String label() { return others().replace("ioThreads=1", "").replaceAll("^,|,$", "").replace(",,", ","); }
    }

    private final List<Row> rows;
    private final Map<String, Object> meta;
    private final Double iperfBytesPerSecond;
    /** {@code -prof gc}'s bytes per operation (score, error) of the rows that have it. */
    private final Map<Row, double[]> alloc = new LinkedHashMap<>();
    /** {@code cost.sh}'s tables and {@code latency.sh}'s CSV, when given. */
    private List<Path> costTables = List.of();
    private Path latencyCsv;
    /** {@code tls-crosscheck.sh}'s CSV, when given. */
    private Path tlsCsv;

    Report(List<Row> rows, Map<String, Object> meta, Double iperfBytesPerSecond) {
        this.rows = rows;
        this.meta = meta;
        this.iperfBytesPerSecond = iperfBytesPerSecond;
    }

    /**
     * Writes the report of a JMH JSON result file; exits with its status.
     *
     * @param args the JSON file and {@code --out DIR}
     * @throws Exception if the file cannot be read or the report written
     */
    public static void main(String[] args) throws Exception {
        System.exit(main0(args));
    }

    /** The {@code report} command line (see {@link BenchCommands.ReportCommand}); its exit status. */
    static int main0(String[] args) {
        return BenchCommands.execute("report", args);
    }

    /**
     * Writes the report of {@code in} to {@code out}; {@code iperfGbits}, {@code compact} and the
     * cost inputs ({@code latency.sh}'s CSV, {@code tls-crosscheck.sh}'s CSV) may be null, {@code cost.sh}'s
     * tables empty.
     */
    static int run(Path in, Path out, Double iperfGbits, Path compact, List<Path> costTables, Path latencyCsv, Path tlsCsv)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Double iperf = iperfGbits == null ? null : iperfGbits * 1e9 / 8;
        if (!Files.isRegularFile(in)) {
            System.err.println("report: no such file: " + in);
            return 2;
        }
        List<Path> extras = new ArrayList<>(costTables);
        extras.add(latencyCsv);
        extras.add(tlsCsv);
        for (Path extra : extras) {
            if (extra != null && !Files.isRegularFile(extra)) {
                System.err.println("report: no such file: " + extra);
                return 2;
            }
        }
        Report r = read(in, iperf);
        r.costTables = List.copyOf(costTables);
        r.latencyCsv = latencyCsv;
        r.tlsCsv = tlsCsv;
        if (r.rows.isEmpty()) {
            System.err.println("report: " + in + " holds no results");
            return 1;
        }
        List<Path> written = r.write(out, in.getFileName().toString());
        if (compact != null) {
            compact(in, compact);
            written.add(compact);
        }
        written.forEach(p -> System.out.println("report: wrote " + p));
        return 0;
    }

    @SuppressWarnings("unchecked")
    static Report read(Path json, Double iperf) throws IOException {
        List<Object> results = (List<Object>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
        List<Row> rows = new ArrayList<>();
        Map<Row, double[]> allocs = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            if (meta.isEmpty()) {
                for (String k : List.of("jmhVersion", "jvm", "jdkVersion", "vmName", "vmVersion", "forks",
                        "warmupIterations", "warmupTime", "measurementIterations", "measurementTime", "jvmArgs")) {
                    if (r.containsKey(k)) {
                        meta.put(k, r.get(k));
                    }
                }
            }
            String bench = shortName((String) r.get("benchmark"));
            Map<String, String> params = new TreeMap<>();
            Object p = r.get("params");
            if (p instanceof Map) {
                ((Map<String, Object>) p).forEach((k, v) -> params.put(k, String.valueOf(v)));
            }
            Map<String, Object> pm = (Map<String, Object>) r.get("primaryMetric");
            Map<String, Double> pct = new LinkedHashMap<>();
            Object pc = pm.get("scorePercentiles");
            if (pc instanceof Map) {
                ((Map<String, Object>) pc).forEach((k, v) -> pct.put(k, Json.num(v)));
            }
            Row row = new Row(bench, (String) r.get("mode"), params, Json.num(pm.get("score")),
                    Json.num(pm.get("scoreError")), (String) pm.get("scoreUnit"), pct);
            rows.add(row);
            Object sec = r.get("secondaryMetrics");
            if (sec instanceof Map) {
                ((Map<String, Object>) sec).forEach((k, v) -> {
                    if (k.endsWith(CostSections.ALLOC_NORM) && v instanceof Map) {
                        Map<String, Object> m = (Map<String, Object>) v;
                        allocs.put(row, new double[] {Json.num(m.get("score")), Json.num(m.get("scoreError"))});
                    }
                });
            }
        }
        Report report = new Report(rows, meta, iperf);
        report.alloc.putAll(allocs);
        return report;
    }

    /**
     * Writes {@code in} without the raw samples ({@code rawData}, {@code rawDataHistogram}): still a
     * JMH result file this report reads, small enough to commit.
     */
    @SuppressWarnings("unchecked")
    static void compact(Path in, Path out) throws IOException {
        List<Object> results = (List<Object>) Json.parse(Files.readString(in, StandardCharsets.UTF_8));
        for (Object o : results) {
            Map<String, Object> r = (Map<String, Object>) o;
            for (String metric : List.of("primaryMetric")) {
                Map<String, Object> m = (Map<String, Object>) r.get(metric);
                m.remove("rawData");
                m.remove("rawDataHistogram");
            }
            Object sec = r.get("secondaryMetrics");
            if (sec instanceof Map) {
                for (Object m : ((Map<String, Object>) sec).values()) {
                    ((Map<String, Object>) m).remove("rawData");
                    ((Map<String, Object>) m).remove("rawDataHistogram");
                }
            }
        }
        Files.writeString(out, Json.write(results), StandardCharsets.UTF_8);
    }

    /** {@code io.greetwire.bench.GreetingRateBenchmark.greeting} → {@code GreetingRate}. */
    static String shortName(String fqn) {
        String s = fqn;
        int dot = s.lastIndexOf('.');
        String cls = dot < 0 ? s : s.substring(0, dot);
        cls = cls.substring(cls.lastIndexOf('.') + 1);
        return cls.endsWith("Benchmark") ? cls.substring(0, cls.length() - "Benchmark".length()) : cls;
    }

    // ---------------------------------------------------------------- ratios

    /** The row this one is compared with on the server side: same client and parameters, the baseline server of its model. */
    Row serverBaseline(Row r) {
        if (Servers.isBaseline(r.server())) {
            return null;
        }
        return find(r, Servers.baselineOf(r.server()), r.client());
    }

    /** The row this one is compared with on the client side: same server and parameters, the raw client. */
    Row clientBaseline(Row r) {
        if (r.client().equals(BenchClient.RAW)) {
            return null;
        }
        return find(r, r.server(), BenchClient.RAW);
    }

    private Row find(Row like, String server, String client) {
        for (Row o : rows) {
            if (o.bench.equals(like.bench) && o.mode.equals(like.mode) && o.server().equals(server)
                    && o.client().equals(client) && o.others().equals(like.others())) {
                return o;
            }
        }
        return null;
    }

    /** Performance relative to {@code base}: above 1 is faster (more per second, or less time). */
    static double ratio(Row r, Row base) {
        return r.higherIsBetter() ? r.score / base.score : base.score / r.score;
    }

    /** The ratio's range when both scores move within their errors. */
    static double[] ratioRange(Row r, Row base) {
        double a;
        double b;
        if (r.higherIsBetter()) {
            a = r.lo() / base.hi();
            b = base.lo() > 0 ? r.hi() / base.lo() : Double.POSITIVE_INFINITY;
        } else {
            a = base.lo() / r.hi();
            b = r.lo() > 0 ? base.hi() / r.lo() : Double.POSITIVE_INFINITY;
        }
        return new double[] {Math.max(0, a), b};
    }

    static boolean overlaps(Row a, Row b) {
        return a.lo() <= b.hi() && b.lo() <= a.hi();
    }

    // ---------------------------------------------------------------- markdown

    List<Path> write(Path dir, String source) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        List<String> charts = new ArrayList<>();
        if (chartRate(dir.resolve("rate.png"))) {
            charts.add("rate.png");
        }
        if (chartLatency(dir.resolve("latency.png"))) {
            charts.add("latency.png");
        }
        if (chartPayload(dir.resolve("payload.png"))) {
            charts.add("payload.png");
        }
        List<Path> costCharts = new ArrayList<>();
        String costs = CostSections.allocation(rows, alloc) + CostSections.cpu(costTables)
                + CostSections.latency(latencyCsv, dir, costCharts) + TlsSections.section(rows, tlsCsv);
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(source, charts) + costs, StandardCharsets.UTF_8);
        written.add(md);
        charts.forEach(c -> written.add(dir.resolve(c)));
        written.addAll(costCharts);
        return written;
    }

    String markdown(String source, List<String> charts) {
        StringBuilder b = new StringBuilder();
        b.append("# Greetwire benchmarks\n\n");
        b.append("From `").append(source).append("`, ").append(rows.size()).append(" results; report written ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT)))
                .append(".\n\n");
        b.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        b.append("- JVM: ").append(meta.getOrDefault("vmName", "?")).append(' ')
                .append(meta.getOrDefault("jdkVersion", "?")).append("; JMH ").append(meta.getOrDefault("jmhVersion", "?"))
                .append('\n');
        b.append("- Runs: forks=").append(fmtInt(meta.get("forks"))).append(", warmup ")
                .append(fmtInt(meta.get("warmupIterations"))).append(" × ").append(meta.getOrDefault("warmupTime", "?"))
                .append(", measurement ").append(fmtInt(meta.get("measurementIterations"))).append(" × ")
                .append(meta.getOrDefault("measurementTime", "?")).append('\n');
        if (rows.stream().anyMatch(r -> r.server().equals("netty") || r.server().equals("base-netty"))) {
            String auto;
            try {
                auto = NettyFlavour.resolve("auto").id();
            } catch (RuntimeException | LinkageError e) {
                auto = "?";
            }
            b.append("- `netty` and `base-netty` use Netty's `auto` flavour; on the machine that wrote this report that is ")
                    .append(auto).append(" (the run log's `# greetwire:` lines say what each server ran as).\n");
        }
        b.append("- ± is JMH's 99.9% confidence half-width (NaN with a single iteration: no error estimate).\n");
        b.append("- *vs base* = performance relative to the hand-written server of the same I/O model with the same"
                + " client (above 1 = faster; for times, base time / time); *overlap* = the two results' error bars"
                + " overlap, so the difference is not shown by this run. *vs raw* = the same against the minimal"
                + " blocking client on the same server.\n\n");
        section(b, SETUP, "avgt", "Connection setup: one fetch, one client thread (mean)", "µs", r -> r.score, null);
        sampleSection(b);
        section(b, RATE, "thrpt", "Greeting rate: greetings/s with N in flight", "greetings/s", r -> r.score, null);
        section(b, PAYLOAD, "thrpt", "Payload throughput: one greeting of `size` bytes per fetch", "MB/s",
                r -> r.score * size(r) / 1e6, r -> r.error * size(r) / 1e6);
        unixSection(b);
        targets(b);
        if (!charts.isEmpty()) {
            b.append("## Charts\n\n");
            for (String c : charts) {
                b.append("![").append(c).append("](").append(c).append(")\n\n");
            }
        }
        return b.toString();
    }

    private static String fmtInt(Object o) {
        double d = Json.num(o);
        return Double.isNaN(d) ? "?" : String.valueOf((long) d);
    }

    static long size(Row r) {
        return Long.parseLong(r.params.getOrDefault("size", "0"));
    }

    /** The plain TCP rows of a benchmark and mode (Unix socket rows and TLS rows have their own sections). */
    private List<Row> select(String bench, String mode) {
        return rows.stream().filter(r -> r.bench.equals(bench) && r.mode.equals(mode) && !isUnix(r) && !isTls(r))
                .sorted(ORDER).collect(Collectors.toList());
    }

    static boolean isUnix(Row r) {
        return UNIX.equals(r.params.get(CHANNEL));
    }

    /** Whether the row ran over TLS ({@code tls=full} or {@code resumed}): the TLS section shows it. */
    static boolean isTls(Row r) {
        return !r.params.getOrDefault(TlsSections.TLS, TlsSections.NONE).equals(TlsSections.NONE);
    }

    /** The TCP row measured like {@code unix}: same benchmark, mode, pair and parameters but the channel. */
    private Row tcpTwin(Row unix) {
        String others = unix.others().replace(CHANNEL + "=" + UNIX, CHANNEL + "=tcp");
        for (Row o : rows) {
            if (o.bench.equals(unix.bench) && o.mode.equals(unix.mode) && o.server().equals(unix.server())
                    && o.client().equals(unix.client()) && o.others().equals(others)) {
                return o;
            }
        }
        return null;
    }

    /** Microseconds per operation, from a time per operation or a rate in any of JMH's units; NaN if unknown. */
    static double micros(Row r) {
        String[] u = r.unit.split("/");
        if (u.length != 2) {
            return Double.NaN;
        }
        boolean rate = u[0].equals("ops");
        double perSecond = unitsPerSecond(rate ? u[1] : u[0]);
        return rate ? 1e6 / (r.score * perSecond) : r.score / perSecond * 1e6;
    }

    private static double unitsPerSecond(String unit) {
        switch (unit) {
            case "s": return 1;
            case "ms": return 1e3;
            case "us": return 1e6;
            case "ns": return 1e9;
            case "min": return 1.0 / 60;
            default: return Double.NaN;
        }
    }

    /**
     * Unix sockets against TCP loopback, per server: the same benchmark on both channels, and what a
     * Unix socket saves per connection (setup: the difference of the mean times; rate: of the
     * inverse rates, the time one greeting costs).
     */
    private void unixSection(StringBuilder b) {
        List<Row> unix = rows.stream().filter(r -> isUnix(r) && !isTls(r) && (r.mode.equals("avgt") || r.mode.equals("thrpt")))
                .sorted(Comparator.comparing((Row r) -> r.bench).thenComparing(ORDER)).collect(Collectors.toList());
        if (unix.isEmpty()) {
            return;
        }
        b.append("## Unix sockets vs TCP loopback\n\n");
        b.append("The same server and client on a Unix domain socket (`channel=unix`) and on TCP loopback"
                + " (`channel=tcp`, the rows above). *Unix vs TCP* above 1 = the Unix socket is faster;"
                + " *saved* = µs per connection: the time per operation on TCP minus on Unix (for a rate, its inverse).\n\n");
        b.append("| benchmark | server | client | params | TCP | ± | Unix | ± | unit | Unix vs TCP | overlap | saved µs/conn. |\n");
        b.append("|---|---|---|---|---:|---:|---:|---:|---|---:|:---:|---:|\n");
        for (Row r : unix) {
            Row tcp = tcpTwin(r);
            String params = r.others().replace(CHANNEL + "=" + UNIX, "").replace("ioThreads=1", "")
                    .replaceAll("^,+|,+$", "").replaceAll(",,+", ",");
            b.append("| ").append(r.bench).append(" | ").append(r.server()).append(" | ").append(r.client())
                    .append(" | ").append(params).append(" | ");
            b.append(tcp == null ? "" : num(tcp.score)).append(" | ").append(tcp == null ? "" : num(tcp.error)).append(" | ")
                    .append(num(r.score)).append(" | ").append(num(r.error)).append(" | ")
                    .append(r.unit.replace("us", "µs")).append(" | ");
            if (tcp == null) {
                b.append(" | | |\n");
                continue;
            }
            double saved = micros(tcp) - micros(r);
            b.append(String.format(Locale.ROOT, "%.2f", ratio(r, tcp))).append(" | ").append(overlaps(r, tcp) ? "yes" : "no")
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", saved)).append(" |\n");
        }
        b.append('\n');
    }

    private static final Comparator<Row> ORDER = Comparator
            .comparing((Row r) -> sortKey(r.others()))
            .thenComparing(r -> rank(SERVER_ORDER, r.server()))
            .thenComparing(Row::server)
            .thenComparing(r -> rank(CLIENT_ORDER, r.client()))
            .thenComparing(Row::client);

    /** Numeric parameters sort by value: ioThreads=1,inFlight=16 after inFlight=1. */
    private static String sortKey(String others) {
        StringBuilder b = new StringBuilder();
        for (String part : others.split(",")) {
            int eq = part.indexOf('=');
            String v = eq < 0 ? part : part.substring(eq + 1);
            b.append(eq < 0 ? "" : part.substring(0, eq)).append('=');
            b.append(v.matches("\\d+") ? String.format(Locale.ROOT, "%012d", Long.parseLong(v)) : v).append(',');
        }
        return b.toString();
    }

    private static int rank(List<String> order, String v) {
        int i = order.indexOf(v);
        return i < 0 ? order.size() : i;
    }

    private void section(StringBuilder b, String bench, String mode, String title, String unit,
            Function<Row, Double> value, Function<Row, Double> error) {
        List<Row> list = select(bench, mode);
        if (list.isEmpty()) {
            return;
        }
        Set<String> extra = extraParams(list);
        b.append("## ").append(title).append("\n\n");
        b.append("| server | client |");
        extra.forEach(k -> b.append(' ').append(k).append(" |"));
        b.append(' ').append(unit).append(" | ± | vs base | overlap | vs raw | overlap |\n");
        b.append("|---|---|");
        extra.forEach(k -> b.append("---:|"));
        b.append("---:|---:|---:|:---:|---:|:---:|\n");
        for (Row r : list) {
            double v = value.apply(r);
            double e = error != null ? error.apply(r) : r.error;
            b.append("| ").append(r.server()).append(" | ").append(r.client()).append(" |");
            extra.forEach(k -> b.append(' ').append(paramLabel(k, r.params.get(k))).append(" |"));
            b.append(' ').append(num(v)).append(" | ").append(num(e)).append(" | ");
            appendRatio(b, r, serverBaseline(r));
            b.append(" | ");
            appendRatio(b, r, clientBaseline(r));
            b.append(" |\n");
        }
        b.append('\n');
    }

    private static void appendRatio(StringBuilder b, Row r, Row base) {
        if (base == null) {
            b.append(" | ");
            return;
        }
        b.append(String.format(Locale.ROOT, "%.2f", ratio(r, base))).append(" | ")
                .append(overlaps(r, base) ? "yes" : "no");
    }

    private void sampleSection(StringBuilder b) {
        List<Row> list = select(SETUP, "sample");
        if (list.isEmpty()) {
            return;
        }
        String unit = list.get(0).unit.replace("/op", "").replace("us", "µs");
        b.append("## Connection setup: sampled latency percentiles (").append(unit).append(")\n\n");
        b.append("| server | client | mean | ± | p50 | p90 | p99 | p99.9 | max | p99 vs base |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : list) {
            Row base = serverBaseline(r);
            b.append("| ").append(r.server()).append(" | ").append(r.client()).append(" | ")
                    .append(num(r.score)).append(" | ").append(num(r.error));
            for (String p : List.of("50.0", "90.0", "99.0", "99.9", "100.0")) {
                b.append(" | ").append(num(r.percentiles.getOrDefault(p, Double.NaN)));
            }
            b.append(" | ");
            if (base != null && r.percentiles.containsKey("99.0") && base.percentiles.containsKey("99.0")) {
                b.append(String.format(Locale.ROOT, "%.2f", base.percentiles.get("99.0") / r.percentiles.get("99.0")));
            }
            b.append(" |\n");
        }
        b.append('\n');
    }

    private static Set<String> extraParams(List<Row> list) {
        Set<String> keys = new LinkedHashSet<>();
        for (Row r : list) {
            for (String k : r.params.keySet()) {
                if (!k.equals("server") && !k.equals("client")) {
                    keys.add(k);
                }
            }
        }
        // ioThreads is constant in every run this project makes; show it only when it varies.
        if (list.stream().map(r -> r.params.get("ioThreads")).distinct().count() <= 1) {
            keys.remove("ioThreads");
        }
        return keys;
    }

    static String paramLabel(String key, String value) {
        if (key.equals("size") && value != null) {
            return sizeLabel(Long.parseLong(value));
        }
        return String.valueOf(value);
    }

    static String sizeLabel(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " B";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    // ---------------------------------------------------------------- targets

    private void targets(StringBuilder b) {
        List<Row> rate = select(RATE, "thrpt").stream().filter(r -> r.client().equals(BenchClient.RAW))
                .collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        for (Row r : rate) {
            Row base = serverBaseline(r);
            if (base != null) {
                lines.add(verdict(r.server() + " vs " + base.server() + ", " + r.label(), r, base, MODEL_TARGET));
            }
        }
        Map<String, List<Row>> byParams = rate.stream().collect(Collectors.groupingBy(Row::label, TreeMap::new, Collectors.toList()));
        byParams.forEach((others, list) -> {
            Row best = list.stream().filter(r -> !Servers.isBaseline(r.server())).max(Comparator.comparingDouble(Row::score)).orElse(null);
            Row bestBase = list.stream().filter(r -> Servers.isBaseline(r.server())).max(Comparator.comparingDouble(Row::score)).orElse(null);
            if (best != null && bestBase != null) {
                lines.add(verdict("fastest (" + best.server() + ") vs fastest baseline (" + bestBase.server() + "), " + others,
                        best, bestBase, FASTEST_TARGET));
            }
        });
        if (iperfBytesPerSecond != null) {
            for (Row r : select(PAYLOAD, "thrpt")) {
                if (size(r) == 16L << 20 && !Servers.isBaseline(r.server())) {
                    double bps = r.score * size(r);
                    double share = bps / iperfBytesPerSecond;
                    lines.add(String.format(Locale.ROOT, "%s %s | %s, 16 MiB: %.0f MB/s = %.2f of iperf3's %.0f MB/s (target %.2f)",
                            share >= IPERF_TARGET ? "PASS" : "FAIL", r.server(), r.client(), bps / 1e6, share,
                            iperfBytesPerSecond / 1e6, IPERF_TARGET));
                }
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        b.append("## Targets (issue 5)\n\n");
        b.append("Greeting rate with the raw client: each Greetwire server against the baseline of its model (target ")
                .append(MODEL_TARGET).append("), the fastest against the fastest baseline (target ").append(FASTEST_TARGET)
                .append("). *within error* = below the target, but the ratio's range over both error bars reaches it.\n\n");
        lines.forEach(l -> b.append("- ").append(l).append('\n'));
        b.append('\n');
    }

    private static String verdict(String what, Row r, Row base, double target) {
        double q = ratio(r, base);
        double[] range = ratioRange(r, base);
        String v = q >= target ? "PASS" : range[1] >= target ? "within error" : "FAIL";
        return String.format(Locale.ROOT, "%s %s: %.2f (range %.2f–%.2f; target %.2f)", v, what, q, range[0],
                Math.min(range[1], 99), target);
    }

    // ---------------------------------------------------------------- charts

    private boolean chartRate(Path file) throws IOException {
        List<Row> list = select(RATE, "thrpt");
        if (list.isEmpty()) {
            return false;
        }
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        for (Row r : list) {
            ds.add(r.score, r.err(), "N=" + r.params.getOrDefault("inFlight", "?"), r.pair());
        }
        save(file, "Greeting rate (greetings/s, higher is better)", "server | client", new NumberAxis("greetings/s"), ds);
        return true;
    }

    private boolean chartLatency(Path file) throws IOException {
        List<Row> avg = select(SETUP, "avgt");
        List<Row> sample = select(SETUP, "sample");
        if (avg.isEmpty() && sample.isEmpty()) {
            return false;
        }
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        for (Row r : avg) {
            ds.add(r.score, r.err(), "mean (AverageTime)", r.pair());
        }
        for (Row r : sample) {
            for (String p : List.of("50.0", "99.0")) {
                Double v = r.percentiles.get(p);
                if (v != null) {
                    ds.add(v.doubleValue(), 0, "p" + p.replace(".0", "") + " (SampleTime)", r.pair());
                }
            }
        }
        String unit = (avg.isEmpty() ? sample : avg).get(0).unit.replace("/op", "").replace("us", "µs");
        save(file, "Connection setup: one fetch (" + unit + ", lower is better)", "server | client",
                new NumberAxis(unit), ds);
        return true;
    }

    private boolean chartPayload(Path file) throws IOException {
        List<Row> list = select(PAYLOAD, "thrpt");
        if (list.isEmpty()) {
            return false;
        }
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        for (Row r : list) {
            ds.add(r.score * size(r) / 1e6, r.err() * size(r) / 1e6, r.pair(), sizeLabel(size(r)));
        }
        double min = list.stream().mapToDouble(r -> r.score * size(r) / 1e6).filter(v -> v > 0).min().orElse(0.001);
        double max = list.stream().mapToDouble(r -> r.hi() * size(r) / 1e6).max().orElse(1);
        LogAxis axis = new LogAxis("MB/s (log scale)");
        axis.setBase(10);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        axis.setRange(min / 3, Math.max(max * 3, min));
        save(file, "Payload throughput (MB/s, higher is better)", "greeting size", axis, ds);
        return true;
    }

    private static void save(Path file, String title, String xLabel, ValueAxis y, DefaultStatisticalCategoryDataset ds)
            throws IOException {
        CategoryAxis x = new CategoryAxis(xLabel);
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setMaximumCategoryLabelLines(2);
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setErrorIndicatorStroke(new BasicStroke(1f));
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.05);
        Color[] palette = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C), new Color(0xCCB974),
            new Color(0x64B5CD)};
        for (int i = 0; i < ds.getRowCount(); i++) {
            r.setSeriesPaint(i, palette[i % palette.length]);
        }
        CategoryPlot plot = new CategoryPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle("error bars: JMH 99.9% confidence half-width",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        int cats = ds.getColumnCount();
        int bars = cats * Math.max(1, ds.getRowCount());
        int width = Math.max(900, Math.min(2400, 240 + bars * 16 + cats * 12));
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, 560);
    }

    /** For tests and callers that want the rows. */
    List<Row> rows() {
        return rows;
    }

    /** Rows matching a predicate, for tests. */
    List<Row> rows(Predicate<Row> p) {
        return rows.stream().filter(p).collect(Collectors.toList());
    }
}
