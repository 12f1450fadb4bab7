package io.greetwire.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's "What TLS costs per connection" section: the JMH {@code TlsSetup} results (time per
 * connection without TLS, with a full handshake, with a resumed one, and the ratio to plain TCP) and,
 * when given, {@code tls-crosscheck.sh}'s CSV (handshakes/s and server CPU per handshake, with
 * {@code openssl s_server} as the reference).
 */
final class TlsSections {
    /** The JMH benchmark's short name, as {@link Report#shortName} gives it. */
    static final String TLS_SETUP = "TlsSetup";
    /** The crosscheck's reference server, whose rows the others are divided by. */
    static final String REFERENCE = "s_server";
    /** The section's heading. */
    static final String HEADING = "## What TLS costs per connection";
    /** The parameter that says none, full or resumed, and its plain value. */
    static final String TLS = "tls";
    static final String KEY = "key";
    static final String EC = "ec";
    static final String NONE = "none";
    private static final List<String> MODES = BenchTls.MODES;

    private TlsSections() { }

    /** One row of {@code tls-crosscheck.sh}'s CSV. */
    record Crosscheck(String server, String key, double handshakesPerSecond, double cpuMicros) { }

    /** The section; empty when there are no TlsSetup results, no TLS greeting rates and no crosscheck file. */
    static String section(List<Report.Row> rows, Path crosscheckCsv) throws IOException {
        String jmh = jmh(rows);
        String rate = rate(rows);
        String cross = crosscheckCsv == null ? "" : crosscheck(readCrosscheck(crosscheckCsv));
        if (jmh.isEmpty() && rate.isEmpty() && cross.isEmpty()) {
            return "";
        }
        return HEADING + "\n\n" + jmh + rate + cross;
    }

    /**
     * The greeting rate over TLS: per server, client, channel, fetches in flight and key,
     * greetings/s without TLS, with full handshakes and with resumed ones, and each against the
     * plain rate. Only pairs measured over TLS; their plain row is the one without a {@code tls}
     * parameter or with {@code tls=none} (of the same key if there is one: the key does not matter
     * without TLS). Rows without a {@code key} parameter are EC.
     */
    static String rate(List<Report.Row> rows) {
        // server | client | channel | inFlight -> key -> tls mode -> row
        Map<String, Map<String, Map<String, Report.Row>>> groups = new LinkedHashMap<>();
        for (Report.Row r : rows) {
            if (r.bench().equals(Report.RATE) && r.mode().equals("thrpt")) {
                String k = r.server() + " | " + r.client() + " | " + r.params().getOrDefault(Report.CHANNEL, "tcp")
                        + " | " + r.params().getOrDefault("inFlight", "?");
                groups.computeIfAbsent(k, x -> new LinkedHashMap<>())
                        .computeIfAbsent(r.params().getOrDefault(KEY, EC), x -> new LinkedHashMap<>())
                        .put(r.params().getOrDefault(TLS, NONE), r);
            }
        }
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, Map<String, Map<String, Report.Row>>> g : groups.entrySet()) {
            Report.Row anyNone = g.getValue().values().stream().map(m -> m.get(NONE)).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
            for (Map.Entry<String, Map<String, Report.Row>> byKey : g.getValue().entrySet()) {
                Map<String, Report.Row> m = byKey.getValue();
                if (!m.containsKey(MODES.get(1)) && !m.containsKey(MODES.get(2))) {
                    continue;
                }
                double none = score(m.getOrDefault(NONE, anyNone));
                table.append("| ").append(g.getKey()).append(" | ").append(byKey.getKey()).append(" | ").append(fmt(none, "%,.0f"));
                for (String mode : MODES.subList(1, 3)) {
                    double rate = score(m.get(mode));
                    table.append(" | ").append(fmt(rate, "%,.0f")).append(" | ").append(fmt(rate / none, "%.2f"));
                }
                table.append(" |\n");
            }
        }
        if (table.length() == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append("JMH `GreetingRateBenchmark` with `tls`: greetings/s with N fetches in flight, without TLS (`none`),"
                + " with a full TLS 1.3 handshake per greeting (`full`) and with a resumed one (`resumed`), with the"
                + " server's EC P-256 or RSA 2048 key; *× none* = the rate against the plain one of the same server,"
                + " client, channel and N (below 1 = TLS costs that share of the rate). Server and client share the JMH"
                + " JVM and the CPUs. A `resumed` fetch resumes when its client holds a ticket; the JDK's client uses"
                + " each once, keeps at most 10 per server and drops them when a full handshake to that server"
                + " completes, so with N > 1 some fetches handshake in full (the run log's `# greetwire: tls=resumed`"
                + " lines give the share per iteration).\n\n");
        b.append("| server | client | channel | N | key | none/s | full/s | × none | resumed/s | × none |\n");
        b.append("|---|---|---|---:|---|---:|---:|---:|---:|---:|\n");
        return b.append(table).append('\n').toString();
    }

    private static double score(Report.Row r) {
        return r == null ? Double.NaN : r.score();
    }

    /** The TlsSetup table: per server, client and key, µs per connection for none/full/resumed. */
    static String jmh(List<Report.Row> rows) {
        // server | client | key -> tls mode -> row
        Map<String, Map<String, Report.Row>> groups = new LinkedHashMap<>();
        for (Report.Row r : rows) {
            if (r.bench().equals(TLS_SETUP) && r.mode().equals("avgt")) {
                String channel = r.params().getOrDefault("channel", "tcp"); // rows over a Unix socket stand apart
                String k = r.server() + (channel.equals("tcp") ? "" : " (" + channel + ")") + " | " + r.client()
                        + " | " + r.params().getOrDefault("key", "?");
                groups.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(r.params().getOrDefault("tls", "?"), r);
            }
        }
        if (groups.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append("JMH `TlsSetupBenchmark`: one `fetch` of the seed's greeting per connection, one client thread,"
                + " without TLS (`none`), with a full TLS 1.3 handshake (`full`) and with a resumed one (`resumed`,"
                + " a session ticket). µs per connection (connections/s = 1,000,000 / µs) and × plain TCP, the"
                + " `none` row of the same server, client and key (above 1 = TLS costs that many times a plain"
                + " connection). Server and client share the JMH JVM: both sides' handshake work is in each number."
                + " `netty` serves with OpenSSL (netty-tcnative), `netty-jdk` with the JDK's provider.\n\n");
        b.append("| server | client | key | none µs | full µs | × TCP | full conn/s | resumed µs | × TCP | resumed conn/s |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, Report.Row>> e : groups.entrySet()) {
            Map<String, Report.Row> m = e.getValue();
            double none = micros(m.get(MODES.get(0)));
            b.append("| ").append(e.getKey()).append(" | ").append(fmt(none, "%,.1f"));
            for (String mode : MODES.subList(1, 3)) {
                double us = micros(m.get(mode));
                b.append(" | ").append(fmt(us, "%,.1f")).append(" | ").append(fmt(us / none, "%.2f"))
                        .append(" | ").append(fmt(1e6 / us, "%,.0f"));
            }
            b.append(" |\n");
        }
        return b.append('\n').toString();
    }

    private static double micros(Report.Row r) {
        return r == null ? Double.NaN : Report.micros(r);
    }

    private static String fmt(double v, String format) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    /** Reads {@code tls-crosscheck.sh}'s CSV ({@code server,key,handshakes_per_s,cpu_us_per_handshake}). */
    static List<Crosscheck> readCrosscheck(Path csv) throws IOException {
        List<Crosscheck> list = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.strip().split(",");
            if (f.length != 4 || f[0].equals("server")) {
                continue;
            }
            try {
                list.add(new Crosscheck(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            } catch (NumberFormatException e) {
                throw new IOException(csv + ": not a number in line '" + line + "'", e);
            }
        }
        return list;
    }

    /** The crosscheck table, each server against {@code openssl s_server} with the same key. */
    static String crosscheck(List<Crosscheck> list) {
        if (list.isEmpty()) {
            return "";
        }
        Map<String, Crosscheck> reference = new LinkedHashMap<>();
        for (Crosscheck c : list) {
            if (c.server().equals(REFERENCE)) {
                reference.put(c.key(), c);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("`benchmarks/tls-crosscheck.sh`: `openssl s_time -new` (one full TLS 1.3 handshake after another)"
                + " at `openssl s_server` (the reference) and at each Greetwire server (the examples' `server --tls-cert"
                + " --tls-key`, its own JVM); handshakes per second and the server process's CPU per handshake."
                + " *rate vs s_server* above 1 = more handshakes/s than OpenSSL; *CPU vs s_server* above 1 = more CPU"
                + " per handshake than OpenSSL.\n\n");
        b.append("| server | key | handshakes/s | rate vs s_server | server CPU µs/handshake | CPU vs s_server |\n");
        b.append("|---|---|---:|---:|---:|---:|\n");
        for (Crosscheck c : list) {
            Crosscheck ref = reference.get(c.key());
            b.append("| ").append(c.server()).append(" | ").append(c.key()).append(" | ")
                    .append(fmt(c.handshakesPerSecond(), "%,.0f")).append(" | ")
                    .append(ref == null ? "–" : fmt(c.handshakesPerSecond() / ref.handshakesPerSecond(), "%.2f"))
                    .append(" | ").append(fmt(c.cpuMicros(), "%,.0f")).append(" | ")
                    .append(ref == null ? "–" : fmt(c.cpuMicros() / ref.cpuMicros(), "%.2f")).append(" |\n");
        }
        return b.append('\n').toString();
    }
}
