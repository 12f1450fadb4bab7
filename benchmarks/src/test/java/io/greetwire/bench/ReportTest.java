package io.greetwire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ReportTest {

    /** One result as JMH 1.37 writes it (the fields the report reads, and NaN as a string). */
    static String result(String bench, String mode, String server, String client, String extraKey, String extraValue,
            double score, double error, String unit) {
        String params = "\"client\":\"" + client + "\",\"ioThreads\":\"1\",\"server\":\"" + server + "\""
                + (extraKey == null ? "" : ",\"" + extraKey + "\":\"" + extraValue + "\"");
        String err = Double.isNaN(error) ? "\"NaN\"" : String.valueOf(error);
        String pct = mode.equals("sample")
                ? ",\"scorePercentiles\":{\"0.0\":50.0,\"50.0\":" + score + ",\"90.0\":" + (score * 2) + ",\"99.0\":"
                        + (score * 3) + ",\"99.9\":" + (score * 4) + ",\"100.0\":" + (score * 10) + "}"
                : "";
        return String.format(Locale.ROOT, "{\"jmhVersion\":\"1.37\",\"benchmark\":\"io.greetwire.bench.%sBenchmark.x\","
                + "\"mode\":\"%s\",\"threads\":1,\"forks\":1,\"jvm\":\"/usr/bin/java\",\"jdkVersion\":\"17\","
                + "\"vmName\":\"OpenJDK\",\"warmupIterations\":1,\"warmupTime\":\"1 s\",\"measurementIterations\":2,"
                + "\"measurementTime\":\"1 s\",\"params\":{%s},\"primaryMetric\":{\"score\":%s,\"scoreError\":%s,"
                + "\"scoreConfidence\":[0,0],\"scoreUnit\":\"%s\",\"rawData\":[[1.0]]%s},\"secondaryMetrics\":{}}",
                bench, mode, params, score, err, unit, pct);
    }

    static Path fixture(Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(result("GreetingRate", "thrpt", "nio", "raw", "inFlight", "16", 9_500, 300, "ops/s"));
        r.add(result("GreetingRate", "thrpt", "base-nio", "raw", "inFlight", "16", 10_000, 300, "ops/s"));
        r.add(result("GreetingRate", "thrpt", "blocking", "raw", "inFlight", "16", 5_000, 100, "ops/s"));
        r.add(result("GreetingRate", "thrpt", "base-blocking", "raw", "inFlight", "16", 8_000, 100, "ops/s"));
        r.add(result("GreetingRate", "thrpt", "nio", "nio", "inFlight", "16", 4_750, Double.NaN, "ops/s"));
        r.add(result("ConnectionSetup", "avgt", "nio", "raw", null, null, 120, 10, "us/op"));
        r.add(result("ConnectionSetup", "avgt", "base-nio", "raw", null, null, 100, 10, "us/op"));
        r.add(result("ConnectionSetup", "sample", "nio", "raw", null, null, 110, 5, "us/op"));
        r.add(result("ConnectionSetup", "sample", "base-nio", "raw", null, null, 100, 5, "us/op"));
        r.add(result("Payload", "thrpt", "nio", "raw", "size", "16777216", 60, 5, "ops/s"));
        r.add(result("Payload", "thrpt", "base-nio", "raw", "size", "16777216", 62, 5, "ops/s"));
        r.add(result("Payload", "thrpt", "nio", "raw", "size", "64", 9000, 500, "ops/s"));
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        return json;
    }

    @Test
    void writesTableRatiosTargetsAndCharts(@TempDir Path dir) throws Exception {
        Path json = fixture(dir);
        Path out = dir.resolve("out");

        int status = Report.main0(new String[] {json.toString(), "--out", out.toString(), "--iperf-gbits", "13.6"});

        assertThat(status).isZero();
        String md = Files.readString(out.resolve("report.md"));
        // nio at 9,500/s against base-nio at 10,000/s: 0.95, error bars overlap.
        assertThat(md).contains("| nio | raw | 16 | 9,500 | 300.0 | 0.95 | yes |");
        // blocking at 5,000 against 8,000: 0.63, no overlap; a target miss.
        assertThat(md).contains("| blocking | raw | 16 | 5,000 | 100.0 | 0.63 | no |");
        assertThat(md).contains("FAIL blocking vs base-blocking");
        assertThat(md).contains("PASS nio vs base-nio");
        // The nio client on the nio server against the raw client on it: 0.50.
        assertThat(md).contains("| nio | nio | 16 | 4,750 | NaN |  |  | 0.50 | no |");
        // Times: base 100 us / 120 us = 0.83; [110,130] and [90,110] touch.
        assertThat(md).contains("| nio | raw | 120.0 | 10.00 | 0.83 | yes |");
        // Payload in MB/s: 60/s × 16 MiB = 1,007 MB/s; against iperf3's 1,700 MB/s.
        assertThat(md).contains("| nio | raw | 16 MiB | 1,007 |");
        assertThat(md).contains("of iperf3's 1700 MB/s");
        assertThat(md).contains("| p50 | p90 | p99 | p99.9 | max |");
        for (String png : List.of("rate.png", "latency.png", "payload.png")) {
            Path p = out.resolve(png);
            assertThat(p).exists();
            assertThat(Files.size(p)).isBetween(1_000L, 200_000L);
            byte[] head = Files.readAllBytes(p);
            assertThat(head[1]).isEqualTo((byte) 'P');
        }
    }

    @Test
    void compactsAndReadsBack(@TempDir Path dir) throws Exception {
        Path json = fixture(dir);
        Path small = dir.resolve("small.json");
        assertThat(Report.main0(new String[] {json.toString(), "--out", dir.resolve("a").toString(),
            "--compact", small.toString()})).isZero();
        assertThat(Files.readString(small)).doesNotContain("rawData").contains("\"scoreError\": \"NaN\"");
        assertThat(Report.main0(new String[] {small.toString(), "--out", dir.resolve("b").toString()})).isZero();
        assertThat(Files.readString(dir.resolve("b/report.md")))
                .contains("| nio | raw | 16 | 9,500 | 300.0 | 0.95 | yes |");
    }

    @Test
    void refusesAMissingFile(@TempDir Path dir) throws Exception {
        assertThat(Report.main0(new String[] {dir.resolve("nope.json").toString()})).isEqualTo(2);
        assertThat(Report.main0(new String[0])).isEqualTo(2);
    }

    @Test
    void readsJsonEdgeCases() {
        Object v = Json.parse("[{\"a\":\"x\\\"y\\u0041\",\"b\":-1.5e3,\"c\":[true,false,null],\"d\":{}}]");
        assertThat(v.toString()).isEqualTo("[{a=x\"yA, b=-1500.0, c=[true, false, null], d={}}]");
        assertThat(Json.num("NaN")).isNaN();
    }

    @Test
    void namesAndSizes() {
        assertThat(Report.shortName("io.greetwire.bench.GreetingRateBenchmark.greeting")).isEqualTo("GreetingRate");
        assertThat(Report.sizeLabel(64)).isEqualTo("64 B");
        assertThat(Report.sizeLabel(65536)).isEqualTo("64 KiB");
        assertThat(Report.sizeLabel(16 << 20)).isEqualTo("16 MiB");
        assertThat(Servers.baselineOf("netty/epoll")).isEqualTo("base-netty/epoll");
        assertThat(Servers.baselineOf("base-nio")).isEqualTo("base-nio");
    }

    @Test
    void writesTheCostSections_allocationCpuAndLatencyVsRate(@TempDir Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(result("ConnectionSetup", "avgt", "base-nio", "raw", null, null, 100, 10, "us/op")
                .replace("\"secondaryMetrics\":{}", "\"secondaryMetrics\":{\"\u00b7gc.alloc.rate.norm\":"
                        + "{\"score\":1234.5,\"scoreError\":12.0,\"scoreUnit\":\"B/op\"}}"));
        r.add(result("ConnectionSetup", "avgt", "base-nio", "nio", null, null, 110, 10, "us/op")
                .replace("\"secondaryMetrics\":{}", "\"secondaryMetrics\":{\"\u00b7gc.alloc.rate.norm\":"
                        + "{\"score\":2345.0,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\"}}"));
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        Path cost = dir.resolve("cost.md");
        Files.writeString(cost, "| server | CPU µs per greeting |\n| --- | ---: |\n| c-epoll | 20.00 (19.00–21.00) |\n");
        Path costLarge = dir.resolve("cost-1mib.md");
        Files.writeString(costLarge, "greeting: 1048576, greetload with 1 connection(s), over tcp\n\n"
                + "| server | CPU µs per greeting | × its baseline |\n| --- | ---: | ---: |\n| nio | 60.00 (59.00–61.00) | 1.02 |\n");
        Path csv = dir.resolve("latency.csv");
        Files.writeString(csv, "transport,target,achieved,ok,failed,p50_ms,p90_ms,p99_ms,p99.9_ms,max_ms\n"
                + "nio,1000,1000,3000,0,0.2,0.5,1.5,3.0,4.0\n"
                + "nio,20000,12000,36000,0,300.0,700.0,900.0,950.0,990.0\n"
                + "netty,1000,1000,3000,0,0.3,0.6,1.9,3.3,4.4\n");
        Path out = dir.resolve("out");

        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString(), "--cost", cost.toString(),
            "--cost", costLarge.toString(), "--latency", csv.toString()})).isZero();

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## Allocation per fetch", "| base-nio | raw | tcp | 1,235 | 12 |", "| base-nio | nio | tcp | 2,345 | – |");
        assertThat(md).contains("## Server CPU per greeting", "| c-epoll | 20.00 (19.00–21.00) |",
                "greeting: 1048576, greetload with 1 connection(s), over tcp", "| nio | 60.00 (59.00–61.00) | 1.02 |");
        assertThat(md).contains("## Latency under a fixed arrival rate", "| nio | 20,000 | 12,000 | 0 | 300.000 |",
                "![latency-rate-nio.png](latency-rate-nio.png)", "![latency-rate-netty.png](latency-rate-netty.png)");
        for (String png : List.of("latency-rate-nio.png", "latency-rate-netty.png")) {
            assertThat(Files.size(out.resolve(png))).isBetween(1_000L, 200_000L);
        }
        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString(), "--cost",
            dir.resolve("missing.md").toString()})).isEqualTo(2);
    }

    @Test
    void unixRowsGetTheirOwnSection_comparedWithTheirTcpTwins(@TempDir Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(result("ConnectionSetup", "avgt", "nio", "raw", "channel", "tcp", 100, 5, "us/op"));
        r.add(result("ConnectionSetup", "avgt", "nio", "raw", "channel", "unix", 40, 5, "us/op"));
        r.add(result("GreetingRate", "thrpt", "base-nio", "raw", "channel", "tcp", 10_000, 100, "ops/s"));
        r.add(result("GreetingRate", "thrpt", "base-nio", "raw", "channel", "unix", 20_000, 100, "ops/s"));
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        Path out = dir.resolve("out");

        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString()})).isZero();

        String md = Files.readString(out.resolve("report.md"));
        String unix = md.substring(md.indexOf("## Unix sockets vs TCP loopback"));
        // setup: 100 µs on TCP, 40 on Unix: 2.50 times faster, 60 µs saved per connection
        assertThat(unix).contains("| ConnectionSetup | nio | raw |  | 100.0 | 5.00 | 40.00 | 5.00 | µs/op | 2.50 | no | 60.0 |");
        // rate: 10,000/s against 20,000/s: 100 µs against 50 per greeting
        assertThat(unix).contains("| GreetingRate | base-nio | raw |  | 10,000 | 100.0 | 20,000 | 100.0 | ops/s | 2.00 | no | 50.0 |");
        // the TCP tables show no Unix row
        assertThat(md.substring(0, md.indexOf("## Unix sockets"))).doesNotContain("unix");
    }

    @Test
    void microsPerOperation_fromAnyUnitJmhWrites() {
        assertThat(Report.micros(new Report.Row("X", "thrpt", java.util.Map.of(), 0.02, 0, "ops/us", java.util.Map.of())))
                .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Report.micros(new Report.Row("X", "thrpt", java.util.Map.of(), 20_000, 0, "ops/s", java.util.Map.of())))
                .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Report.micros(new Report.Row("X", "avgt", java.util.Map.of(), 0.00005, 0, "s/op", java.util.Map.of())))
                .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Report.micros(new Report.Row("X", "avgt", java.util.Map.of(), 50, 0, "us/op", java.util.Map.of())))
                .isCloseTo(50, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** A TlsSetup result: {@code tls} mode and {@code key} among its parameters, µs per fetch. */
    private static String tls(String server, String client, String mode, double micros) {
        return result("TlsSetup", "avgt", server, client, "tls", mode, micros, 5, "us/op")
                .replace("\"tls\":", "\"key\":\"ec\",\"tls\":");
    }

    @Test
    void writesTheTlsSection_fromTlsSetupResultsAndTheCrosscheckAgainstOpensslSServer(@TempDir Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(tls("nio", "nio", "none", 100));
        r.add(tls("nio", "nio", "full", 2000));
        r.add(tls("nio", "nio", "resumed", 400));
        r.add(tls("netty-jdk", "netty", "none", 50));
        r.add(tls("netty-jdk", "netty", "full", 1000));
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        Path csv = dir.resolve("tls-crosscheck.csv");
        Files.writeString(csv, "server,key,handshakes_per_s,cpu_us_per_handshake\n"
                + "s_server,ec,2000,400\nnio,ec,1000,1200\ns_server,rsa,800,1000\nnetty-openssl,rsa,1600,500\n");
        Path out = dir.resolve("out");

        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString(), "--tls", csv.toString()})).isZero();

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## What TLS costs per connection",
                // µs for none, full (× TCP, conn/s), resumed (× TCP, conn/s)
                "| nio | nio | ec | 100.0 | 2,000.0 | 20.00 | 500 | 400.0 | 4.00 | 2,500 |",
                // a missing resumed result is a dash, not a made-up ratio
                "| netty-jdk | netty | ec | 50.0 | 1,000.0 | 20.00 | 1,000 | – | – | – |",
                // each server against s_server with the same key: rate ratio, CPU ratio
                "| s_server | ec | 2,000 | 1.00 | 400 | 1.00 |",
                "| nio | ec | 1,000 | 0.50 | 1,200 | 3.00 |",
                "| netty-openssl | rsa | 1,600 | 2.00 | 500 | 0.50 |");

        // Without the crosscheck the JMH part is still there; a missing crosscheck file is refused.
        Path plain = dir.resolve("plain");
        assertThat(Report.main0(new String[] {json.toString(), "--out", plain.toString()})).isZero();
        assertThat(Files.readString(plain.resolve("report.md"))).contains("## What TLS costs per connection",
                "| nio | nio | ec | 100.0 |").doesNotContain("s_server");
        assertThat(Report.main0(new String[] {json.toString(), "--out", plain.toString(), "--tls",
            dir.resolve("nope.csv").toString()})).isEqualTo(2);
    }

    @Test
    void tlsSetupRowsOverAUnixSocketStandApartFromTheTcpOnes(@TempDir Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(tls("blocking", "blocking", "none", 100));
        r.add(tls("blocking", "blocking", "full", 2000));
        r.add(tls("blocking", "blocking", "none", 50).replace("\"tls\":", "\"channel\":\"unix\",\"tls\":"));
        r.add(tls("blocking", "blocking", "full", 1500).replace("\"tls\":", "\"channel\":\"unix\",\"tls\":"));
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        Path out = dir.resolve("out");

        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString()})).isZero();

        assertThat(Files.readString(out.resolve("report.md"))).contains(
                "| blocking | blocking | ec | 100.0 | 2,000.0 | 20.00 | 500 |",
                "| blocking (unix) | blocking | ec | 50.0 | 1,500.0 | 30.00 | 667 |");
    }

    /** A GreetingRate result at 16 in flight on {@code channel}: {@code tls} mode among its parameters (null: none). */
    private static String rate(String server, String client, String channel, String mode, double perSecond) {
        String r = result("GreetingRate", "thrpt", server, client, "channel", channel, perSecond, 10, "ops/s")
                .replace("\"channel\":", "\"inFlight\":\"16\",\"channel\":");
        return mode == null ? r : r.replace("\"channel\":", "\"tls\":\"" + mode + "\",\"channel\":");
    }

    @Test
    void tlsGreetingRatesGoToTheTlsSection_noneFullResumedPerServerAndKey(@TempDir Path dir) throws Exception {
        List<String> r = new ArrayList<>();
        r.add(rate("nio", "nio", "tcp", "none", 10_000));
        r.add(rate("nio", "nio", "tcp", "full", 2_000));
        r.add(rate("nio", "nio", "tcp", "resumed", 5_000));
        r.add(rate("netty", "netty", "unix", null, 20_000)); // a plain row from before the tls parameter
        r.add(rate("netty", "netty", "unix", "resumed", 8_000));
        r.add(rate("base-nio", "raw", "tcp", "none", 30_000)); // no TLS row: not in the TLS section
        r.add(rate("nio", "nio", "tcp", "full", 1_000).replace("\"tls\":", "\"key\":\"rsa\",\"tls\":")); // RSA: its own line
        Path json = dir.resolve("results.json");
        Files.writeString(json, "[\n" + String.join(",\n", r) + "\n]\n");
        Path out = dir.resolve("out");

        assertThat(Report.main0(new String[] {json.toString(), "--out", out.toString()})).isZero();

        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("## What TLS costs per connection");
        String section = md.substring(md.indexOf("## What TLS costs per connection"));
        assertThat(section).contains(
                // greetings/s none, full and × none, resumed and × none
                "| nio | nio | tcp | 16 | ec | 10,000 | 2,000 | 0.20 | 5,000 | 0.50 |",
                // the RSA row against the same plain rate (the key does not matter without TLS)
                "| nio | nio | tcp | 16 | rsa | 10,000 | 1,000 | 0.10 | – | – |",
                // a mode not measured is a dash
                "| netty | netty | unix | 16 | ec | 20,000 | – | – | 8,000 | 0.40 |")
                .doesNotContain("base-nio");
        // the plain tables and the Unix section show no TLS row
        String plain = md.substring(0, md.indexOf("## What TLS costs per connection"));
        assertThat(plain).doesNotContain("tls=full").doesNotContain("tls=resumed").contains("base-nio");
    }
}
