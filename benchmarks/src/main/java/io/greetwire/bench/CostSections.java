package io.greetwire.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's cost sections, which a shared two-core machine measures better than rates: bytes
 * allocated per fetch (JMH's {@code -prof gc}, {@code gc.alloc.rate.norm}), server CPU per
 * greeting ({@code cost.sh}'s table) and latency under a fixed arrival rate up to saturation
 * ({@code latency.sh}'s CSV, one chart per transport).
 */
final class CostSections {
    /** The JMH secondary metric of {@code -prof gc}: bytes allocated per operation, every thread of the JVM. */
    static final String ALLOC_NORM = "gc.alloc.rate.norm";
    private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9"};

    private CostSections() { }

    /** One row of {@code latency.sh}'s CSV. */
    record RatePoint(String transport, double target, double achieved, long ok, long failed, double[] ms) { }

    /**
     * Bytes per fetch from the ConnectionSetup results that carry {@code -prof gc}; empty without them.
     * {@code alloc} maps a row to its (score, error).
     */
    static String allocation(List<Report.Row> rows, Map<Report.Row, double[]> alloc) {
        List<Report.Row> withAlloc = new ArrayList<>();
        for (Report.Row r : rows) {
            if (alloc.containsKey(r) && r.bench().equals(Report.SETUP) && r.mode().equals("avgt")) {
                withAlloc.add(r);
            }
        }
        if (withAlloc.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Allocation per fetch\n\n");
        b.append("Bytes allocated per ConnectionSetup fetch (JMH `-prof gc`, `").append(ALLOC_NORM)
                .append("`, ± its 99.9% half-width). Server and client share the JMH JVM, so each row is both:"
                        + " the `raw` client's own share is the row of a baseline server with it, and a client's share"
                        + " is its row minus the `raw` row on the same server.\n\n");
        b.append("| server | client | channel | bytes/fetch | ± |\n|---|---|---|---:|---:|\n");
        for (Report.Row r : withAlloc) {
            double[] a = alloc.get(r);
            b.append("| ").append(r.server()).append(" | ").append(r.client()).append(" | ")
                    .append(r.params().getOrDefault("channel", "tcp")).append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", a[0])).append(" | ")
                    .append(Double.isNaN(a[1]) ? "–" : String.format(Locale.ROOT, "%,.0f", a[1])).append(" |\n");
        }
        return b.append('\n').toString();
    }

    /** {@code cost.sh}'s Markdown tables with what they measure; empty without any. */
    static String cpu(List<Path> costTables) throws IOException {
        if (costTables.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## Server CPU per greeting\n\n"
                + "Each server (one I/O thread) driven by the C load generator (`greetload.c`, with the"
                + " connections each table names); the server process's CPU time (every thread, JIT and GC"
                + " included) over the greetings; the C epoll server (`greetserve.c`) is the floor for the"
                + " seed's greeting, each server's hand-written baseline for larger ones. From"
                + " `benchmarks/cost.sh`.\n\n");
        for (Path t : costTables) {
            b.append(Files.readString(t, StandardCharsets.UTF_8).strip()).append("\n\n");
        }
        return b.toString();
    }

    /** Reads {@code latency.sh}'s CSV. */
    static List<RatePoint> readLatency(Path csv) throws IOException {
        List<RatePoint> points = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length != 10 || f[0].equals("transport")) {
                continue;
            }
            double[] ms = new double[5];
            for (int i = 0; i < 5; i++) {
                ms[i] = Double.parseDouble(f[5 + i]);
            }
            points.add(new RatePoint(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), ms));
        }
        return points;
    }

    /**
     * The latency-vs-rate section and one chart per transport ({@code latency-rate-T.png} in
     * {@code dir}, added to {@code written}); empty without the file.
     */
    static String latency(Path csv, Path dir, List<Path> written) throws IOException {
        if (csv == null) {
            return "";
        }
        Map<String, List<RatePoint>> byTransport = new LinkedHashMap<>();
        for (RatePoint p : readLatency(csv)) {
            byTransport.computeIfAbsent(p.transport(), k -> new ArrayList<>()).add(p);
        }
        StringBuilder b = new StringBuilder("## Latency under a fixed arrival rate\n\n");
        b.append("Each transport's client against its own server (`benchmarks/latency.sh`: `load --rate`), greetings"
                + " sent on a fixed schedule; latency counts from each greeting's intended send time, so a stall is"
                + " charged to every greeting it delayed (no coordinated omission). The last rate of each transport"
                + " is the first one it did not keep (achieved < 90 %): saturation.\n\n");
        b.append("| transport | target/s | achieved/s | failed | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (List<RatePoint> list : byTransport.values()) {
            for (RatePoint p : list) {
                b.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %d | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        p.transport(), p.target(), p.achieved(), p.failed(), p.ms()[0], p.ms()[1], p.ms()[2],
                        p.ms()[3], p.ms()[4]));
            }
        }
        b.append('\n');
        for (Map.Entry<String, List<RatePoint>> e : byTransport.entrySet()) {
            String name = "latency-rate-" + e.getKey().replace('/', '-') + ".png";
            chart(dir.resolve(name), e.getKey(), e.getValue());
            written.add(dir.resolve(name));
            b.append("![").append(name).append("](").append(name).append(")\n\n");
        }
        return b.toString();
    }

    private static void chart(Path file, String transport, List<RatePoint> points) throws IOException {
        XYSeriesCollection ds = new XYSeriesCollection();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < PERCENTILES.length; i++) {
            XYSeries s = new XYSeries(PERCENTILES[i]);
            for (RatePoint p : points) {
                double v = Math.max(p.ms()[i], 0.001);
                s.add(p.target(), v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            ds.addSeries(s);
        }
        LogAxis y = new LogAxis("latency from the intended send time, ms (log scale)");
        y.setBase(10);
        y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
        y.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0));
        y.setRange(min / 2, max * 2);
        NumberAxis x = new NumberAxis("offered rate, greetings/s (the last point: saturated)");
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Color[] palette = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52)};
        for (int i = 0; i < PERCENTILES.length; i++) {
            r.setSeriesPaint(i, palette[i]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xBBBBBB));
        plot.setDomainGridlinePaint(new Color(0xBBBBBB));
        JFreeChart chart = new JFreeChart("Latency vs rate: " + transport + " client and server",
                new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
    }
}
