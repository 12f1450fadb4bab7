package io.greetwire.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.greetwire.examples.trace.TcpdumpCapture;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code greetwire trace}, for real: tcpdump as a child of the CLI, which runs in a JVM of its own. */
@Timeout(180)
class TraceCommandInteropTest {
    private static final Duration RUN = Duration.ofSeconds(120);

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void traceExplainsEverySegment(String transport) throws Exception {
        Peers.assumePeer(TcpdumpCapture.findExecutable().isPresent(), () -> System.getProperty(TcpdumpCapture.EXECUTABLE_PROPERTY) != null
                ? "tcpdump not found at " + System.getProperty(TcpdumpCapture.EXECUTABLE_PROPERTY) + " (set by -D" + TcpdumpCapture.EXECUTABLE_PROPERTY + ")"
                : Peers.missing("tcpdump", "tcpdump"));
        Peers.assumePeer(Peers.isRoot(), () -> "capturing on lo needs root (or CAP_NET_RAW); this test does not run as uid 0");
        Child c = Child.run(Peers.cli("trace", "--transport", transport), RUN);
        assertEquals(0, c.exitValue(), c::toString);
        List<String> out = c.stdout().lines().collect(Collectors.toList());
        assertThat(out).as(c.toString()).noneMatch(l -> l.startsWith("trace: no capture"));
        assertThat(out.get(0)).matches("server: listening on 127\\.0\\.0\\.1:\\d+ transport=" + transport + "(/\\w+)? format=seed");
        assertThat(out.get(1)).matches("capture: tcpdump -i lo -nn -S -l --immediate-mode 'tcp port \\d+'");
        assertThat(out.get(2)).startsWith("client: welcome to our server.timestamp on server:");
        List<String> segments = out.stream().filter(l -> l.matches("\\(\\d+\\) .*")).collect(Collectors.toList());
        assertThat(segments).as(c.toString()).hasSizeBetween(6, 10);
        assertThat(segments.get(0)).startsWith("(1) client -> server  [S] ").contains("handshake 1/3: SYN");
        assertThat(segments.get(1)).startsWith("(2) server -> client  [S.]").contains("handshake 2/3: SYN-ACK");
        assertThat(segments.get(2)).startsWith("(3) client -> server  [.] ").contains("handshake 3/3: ACK");
        assertThat(segments).anyMatch(l -> l.startsWith("(4) server -> client") && l.contains("len 255")
                && l.contains("greeting data, 255 bytes"));
        assertThat(segments).anyMatch(l -> l.contains("the client's FIN"));
        assertThat(segments.get(segments.size() - 1)).contains("server -> client").contains("the last ACK");
        assertThat(out).anyMatch(l -> l.matches("timings \\(client\\): connect \\d+\\.\\d{3} ms, first byte \\d+\\.\\d{3} ms, "
                + "complete \\d+\\.\\d{3} ms; 255 bytes"));
        assertThat(out.get(out.size() - 1)).isEqualTo(segments.size() + " segments");
    }

    /** {@code trace --tls}: the TCP handshake, then TLS 1.3's ClientHello and ServerHello read from the payloads. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void traceTlsShowsTheTlsHandshakeInsideTheSegments(String transport) throws Exception {
        Peers.assumePeer(TcpdumpCapture.findExecutable().isPresent(), () -> Peers.missing("tcpdump", "tcpdump"));
        Peers.assumePeer(Peers.isRoot(), () -> "capturing on lo needs root (or CAP_NET_RAW); this test does not run as uid 0");
        Child c = Child.run(Peers.cli("trace", "--tls", "--transport", transport), RUN);
        assertEquals(0, c.exitValue(), c::toString);
        List<String> out = c.stdout().lines().collect(Collectors.toList());
        assertThat(out).as(c.toString()).noneMatch(l -> l.startsWith("trace: no capture"));
        assertThat(out.get(1)).matches("capture: tcpdump -i lo -nn -S -x -l --immediate-mode 'tcp port \\d+'");
        assertThat(out.get(2)).startsWith("client: welcome to our server.timestamp on server:");
        List<String> segments = out.stream().filter(l -> l.matches("\\(\\d+\\) .*")).collect(Collectors.toList());
        assertThat(segments.get(0)).as(c.toString()).contains("handshake 1/3: SYN");
        assertThat(segments.get(2)).as(c.toString()).contains("handshake 3/3: ACK");
        assertThat(out).as(c.toString())
                .anyMatch(l -> l.matches(" +TLS record: handshake, \\d+ bytes: ClientHello .*"))
                .anyMatch(l -> l.matches(" +TLS record: handshake, \\d+ bytes: ServerHello .*"))
                .anyMatch(l -> l.matches(" +TLS record: application_data, \\d+ bytes: probably the greeting .*"));
        int clientHello = indexOf(out, "ClientHello");
        int serverHello = indexOf(out, "ServerHello");
        assertThat(clientHello).as("ClientHello comes before ServerHello, after the TCP handshake")
                .isGreaterThan(out.indexOf(segments.get(2))).isLessThan(serverHello);
        assertThat(out).anyMatch(l -> l.startsWith("TCP's three-way handshake, then TLS 1.3's one round trip"));
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    /** Without tcpdump: one line says so, and the timings still come. */
    @Test
    void withoutTcpdumpOneLineAndTheTimings() throws Exception {
        Child c = Child.run(Peers.cli(List.of("-Dgreetwire.tcpdump=/nonexistent/tcpdump"), "trace", "--format", "time"), RUN);
        assertEquals(0, c.exitValue(), c::toString);
        List<String> out = c.stdout().lines().collect(Collectors.toList());
        assertThat(out).as(c.toString()).hasSize(4);
        assertThat(out.get(0)).matches("server: listening on 127\\.0\\.0\\.1:\\d+ transport=blocking format=time");
        assertThat(out.get(1)).startsWith("client: 20");
        assertThat(out.get(2)).isEqualTo("trace: no capture: tcpdump not found at /nonexistent/tcpdump (set by -Dgreetwire.tcpdump)");
        assertThat(out.get(3)).startsWith("timings (client): connect ").endsWith("; 4 bytes");
    }
}
