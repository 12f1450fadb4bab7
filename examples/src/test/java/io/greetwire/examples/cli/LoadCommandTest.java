package io.greetwire.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.tck.TestNet;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

@Timeout(60)
class LoadCommandTest {

    /** What one run printed, and its exit status. */
    record Result(int status, String out, String err) { }

    static Result load(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new LoadCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    static List<String> transports() {
        return Transports.available().stream().map(GreetingTransport::name).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void drivesAGreetwireServerForACount(String transport) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            int port = TestNet.port(server.start());

            Result r = load("127.0.0.1", "--port", "" + port, "--transport", transport,
                    "--concurrency", "8", "--count", "200", "--quiet");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("transport=" + transport, "concurrency=8", "count=200")
                    .contains("greetings: 200 ok, 0 failed in ")
                    .containsPattern("in [0-9.]+ s: [0-9,]+ greetings/s")
                    .contains("errors: none")
                    .containsPattern("latency ms: p50=[0-9.]+ p90=[0-9.]+ p99=[0-9.]+ p99\\.9=[0-9.]+ max=[0-9.]+");
            assertThat(server.stats().greeted()).isEqualTo(200);
        }
    }

    @Test
    void drivesADaytimeServerItDidNotWrite() throws Exception {
        // Like inetd's daytime service: one ctime line, CRLF, close. Not Greetwire code.
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger served = new AtomicInteger();
            Thread t = new Thread(() -> {
                byte[] line = "Tue Nov 25 19:13:00 2025\r\n".getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    try (Socket s = ss.accept(); OutputStream o = s.getOutputStream()) {
                        o.write(line);
                        served.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();

            Result r = load("127.0.0.1", "--port", "" + ss.getLocalPort(), "--transport", "blocking",
                    "--format", "daytime", "-c", "4", "-n", "50", "-q");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("format=daytime", "greetings: 50 ok, 0 failed", "errors: none", "p99.9=");
            assertThat(served.get()).isEqualTo(50);
        }
    }

    @Test
    void countsErrorsByReasonAndFails() throws Exception {
        Result r;
        try (java.net.Socket held = io.greetwire.tck.TestNet.unlistenedPort()) { // bound, not listening: refused
            r = load("127.0.0.1", "--port", "" + held.getLocalPort(), "--transport", "blocking", "-c", "2", "-n", "6", "-q");
        }

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("greetings: 0 ok, 6 failed", "errors: CONNECT_REFUSED=6", "latency: no greeting arrived");
    }

    @Test
    void countsMalformedGreetings() throws Exception {
        // A SEED client against a daytime-like server: the length is wrong, every fetch is MALFORMED.
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (true) {
                    try (Socket s = ss.accept()) {
                        s.getOutputStream().write("hello\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            Result r = load("127.0.0.1", "--port", "" + ss.getLocalPort(), "--transport", "blocking",
                    "--format", "seed", "-c", "1", "-n", "3", "-q");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).contains("3 failed", "MALFORMED=3");
        }
    }

    @Test
    void boundedByDurationStopsByItself() throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .format(GreetingFormat.TEXT).greeting("hi").build();
        try (GreetingServer server = Transports.get("blocking").newServer(config)) {
            int port = TestNet.port(server.start());
            Result r = load("127.0.0.1", "--port", "" + port, "--transport", "blocking", "--format", "text",
                    "-c", "2", "--duration", "0.3", "-q");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("duration=0.3s", "errors: none");
        }
    }

    @Test
    void aWarmupIsNotCounted() throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (GreetingServer server = Transports.get("blocking").newServer(config)) {
            int port = TestNet.port(server.start());
            Result r = load("127.0.0.1", "--port", "" + port, "--transport", "blocking", "-c", "2",
                    "--warmup", "0.2", "--count", "40", "-q");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("after a 0.2s warmup", "(not counted)", "greetings: 40 ok, 0 failed");
            assertThat(server.stats().greeted()).isGreaterThan(40);
        }
    }

    @Test
    void refusesBothBounds() {
        Result r = load("127.0.0.1", "--count", "5", "--duration", "1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void recognisesPortExhaustion() {
        assertThat(LoadCommand.isPortExhaustion(new IOException("connect failed",
                new BindException("Cannot assign requested address")))).isTrue();
        assertThat(LoadCommand.isPortExhaustion(new IOException("Connection refused"))).isFalse();
        assertThat(LoadCommand.portExhaustionMessage(new java.net.InetSocketAddress("127.0.0.1", 20000)))
                .contains("ephemeral ports", "127.0.0.1:20000", "TIME_WAIT");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transports")
    void rate_sendsOnAScheduleAndReportsBothLatencies(String transport) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            server.start();
            int port = server.localPort();
            // A warm-up and low rates: a cold first fetch (tens of ms on a busy machine) must not
            // make the first rate look saturated, which would skip the second.
            Result r = load("127.0.0.1", "--port", "" + port, "--transport", transport, "-c", "4",
                    "--rate", "50,100", "--count", "20", "--warmup", "0.2", "-q");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("rate=50,100/s", "rate: target 50/s", "rate: target 100/s")
                    .containsPattern("latency ms from the intended send time: p50=[0-9.]+ p90=[0-9.]+ p99=[0-9.]+ p99\\.9=[0-9.]+ max=[0-9.]+")
                    .contains("service time ms from the actual send: p50=")
                    .containsPattern("sweep: target=50 achieved=[0-9]+ ok=20 failed=0 p50=");
            assertThat(server.stats().greeted()).isGreaterThanOrEqualTo(40); // and the warm-up's
        }
    }

    @Test
    void rate_chargesAStallToEveryGreetingItDelayed() throws Exception {
        // A server that stalls 300 ms on its first connection, then greets at once. With one greeting
        // in flight and 20 due within 190 ms, every one of them waits for the stall: measured from
        // its intended send time, each took at least 300 - 190 = 110 ms (a closed loop would report
        // one slow greeting and 19 fast ones).
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                boolean first = true;
                while (true) {
                    try (Socket s = ss.accept(); OutputStream o = s.getOutputStream()) {
                        if (first) {
                            first = false;
                            Thread.sleep(300); // the stall under test
                        }
                        o.write("hi".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            Result r = load("127.0.0.1", "--port", "" + ss.getLocalPort(), "--transport", "blocking",
                    "--format", "text", "-c", "1", "--rate", "100", "--count", "20", "-q");
            assertThat(r.status()).as(r.err()).isZero();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("latency ms from the intended send time: p50=([0-9.]+)").matcher(r.out());
            assertThat(m.find()).as(r.out()).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as(r.out()).isGreaterThanOrEqualTo(110.0);
        }
    }

    @Test
    void rate_mustBePositive() {
        Result r = load("127.0.0.1", "--rate", "0", "-n", "1");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("--rate", "got 0.0");
    }
}
