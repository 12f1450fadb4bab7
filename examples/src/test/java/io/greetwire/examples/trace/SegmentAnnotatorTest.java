package io.greetwire.examples.trace;

import static io.greetwire.examples.trace.SegmentAnnotator.Direction.CLIENT_TO_SERVER;
import static io.greetwire.examples.trace.SegmentAnnotator.Direction.SERVER_TO_CLIENT;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.CLIENT_FIN;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.DATA;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.DATA_ACK;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.DATA_FIN;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.HANDSHAKE_ACK;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.LAST_ACK;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.RESET;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.SERVER_FIN;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.SYN;
import static io.greetwire.examples.trace.SegmentAnnotator.Kind.SYN_ACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.examples.trace.SegmentAnnotator.Annotated;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentAnnotatorTest {
    private final TcpdumpParser parser = new TcpdumpParser();

    private List<Annotated> annotate(String resource, int serverPort) throws IOException {
        return SegmentAnnotator.annotate(serverPort, parser.parse(TcpdumpParserTest.resource(resource)));
    }

    /** Recorded here: {@code greetwire trace} on the blocking transport, 8 segments. */
    @Test
    void blockingTransportEightSegments() throws IOException {
        List<Annotated> a = annotate("blocking-seed-8-segments.txt", 35561);
        assertThat(a).extracting(Annotated::kind)
                .containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA, DATA_ACK, SERVER_FIN, CLIENT_FIN, LAST_ACK);
        assertThat(a).extracting(Annotated::direction).containsExactly(CLIENT_TO_SERVER, SERVER_TO_CLIENT,
                CLIENT_TO_SERVER, SERVER_TO_CLIENT, CLIENT_TO_SERVER, SERVER_TO_CLIENT, CLIENT_TO_SERVER, SERVER_TO_CLIENT);
        assertThat(a.get(0).description()).startsWith("handshake 1/3: SYN").contains("2185233262");
        assertThat(a.get(1).description()).startsWith("handshake 2/3: SYN-ACK").contains("ack 2185233263");
        assertThat(a.get(2).description()).startsWith("handshake 3/3: ACK").contains("established");
        assertThat(a.get(3).description()).isEqualTo("greeting data, 255 bytes (P: push them to the application)");
        assertThat(a.get(4).description()).isEqualTo("the client acknowledges the greeting data (ack 193292491)");
        assertThat(a.get(5).description()).startsWith("FIN from the server");
        assertThat(a.get(6).description()).startsWith("the client's FIN").contains("acknowledges the server's FIN");
        assertThat(a.get(7).description()).startsWith("the last ACK");
    }

    /** Hand-made: a server that corks sends its data and FIN in one segment; 6 segments. */
    @Test
    void corkedDataAndFinSixSegments() throws IOException {
        List<Annotated> a = annotate("corked-data-fin-6-segments.txt", 35561);
        assertThat(a).extracting(Annotated::kind).containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA_FIN, CLIENT_FIN, LAST_ACK);
        assertThat(a.get(3).segment().flags()).isEqualTo("FP.");
        assertThat(a.get(3).description()).contains("255 bytes").contains("FIN in one segment");
        assertThat(a.get(4).description()).contains("acknowledges the server's FIN");
    }

    /** The seed's own trace from 2012: the client's ACK of the data comes after the server's FIN. */
    @Test
    void seedTutorialTrace() throws IOException {
        List<Annotated> a = annotate("seed-tutorial-2012.txt", 20000);
        assertThat(a).extracting(Annotated::kind)
                .containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA, SERVER_FIN, DATA_ACK, CLIENT_FIN, LAST_ACK);
    }

    /** The seed's C programs, recorded here. */
    @Test
    void seedProgramsRecordedHere() throws IOException {
        List<Annotated> a = annotate("seed-c-programs.txt", 21234);
        assertThat(a).extracting(Annotated::kind)
                .containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA, DATA_ACK, SERVER_FIN, CLIENT_FIN, LAST_ACK);
    }

    /** {@code nc -6} against a server on ::1, recorded here. */
    @Test
    void ipv6() throws IOException {
        List<Annotated> a = annotate("blocking-text-ipv6-nc.txt", 42727);
        assertThat(a).extracting(Annotated::kind)
                .containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA, DATA_ACK, SERVER_FIN, CLIENT_FIN, LAST_ACK);
        assertThat(a.get(3).description()).startsWith("greeting data, 5 bytes");
    }

    @Test
    void clientAcksTheServersFinOnItsOwn() {
        List<Annotated> a = SegmentAnnotator.annotate(20000, parser.parse(String.join("\n",
                "1.0 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [S], seq 100, win 1, length 0",
                "1.1 IP 127.0.0.1.20000 > 127.0.0.1.40000: Flags [S.], seq 500, ack 101, win 1, length 0",
                "1.2 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [.], ack 501, win 1, length 0",
                "1.3 IP 127.0.0.1.20000 > 127.0.0.1.40000: Flags [FP.], seq 501:505, ack 101, win 1, length 4",
                "1.4 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [.], ack 506, win 1, length 0",
                "1.5 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [F.], seq 101, ack 506, win 1, length 0",
                "1.6 IP 127.0.0.1.20000 > 127.0.0.1.40000: Flags [.], ack 102, win 1, length 0")));
        assertThat(a).extracting(Annotated::kind).containsExactly(SYN, SYN_ACK, HANDSHAKE_ACK, DATA_FIN,
                SegmentAnnotator.Kind.SERVER_FIN_ACK, CLIENT_FIN, LAST_ACK);
        assertThat(a.get(4).description()).isEqualTo("the client acknowledges the server's FIN and the greeting data before it (ack 506)");
    }

    @Test
    void resetAndTwoConnections() {
        List<Annotated> a = SegmentAnnotator.annotate(20000, parser.parse(String.join("\n",
                "1.0 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [S], seq 100, win 1, length 0",
                "1.0 IP 127.0.0.1.40001 > 127.0.0.1.20000: Flags [S], seq 900, win 1, length 0",
                "1.1 IP 127.0.0.1.20000 > 127.0.0.1.40001: Flags [S.], seq 700, ack 901, win 1, length 0",
                "1.1 IP 127.0.0.1.20000 > 127.0.0.1.40000: Flags [R.], seq 0, ack 101, win 0, length 0",
                "1.2 IP 127.0.0.1.40001 > 127.0.0.1.20000: Flags [.], ack 701, win 1, length 0")));
        assertThat(a).extracting(Annotated::kind).containsExactly(SYN, SYN, SYN_ACK, RESET, HANDSHAKE_ACK);
        assertThat(a.get(3).description()).startsWith("RST from the server");
    }
}
