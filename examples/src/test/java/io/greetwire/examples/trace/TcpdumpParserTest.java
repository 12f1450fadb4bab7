package io.greetwire.examples.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpdumpParserTest {
    private final TcpdumpParser parser = new TcpdumpParser();

    static String resource(String name) throws IOException {
        try (InputStream in = TcpdumpParserTest.class.getResourceAsStream("/tcpdump/" + name)) {
            if (in == null) {
                throw new IOException("no test resource /tcpdump/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void synWithOptions() {
        Segment s = parser.parseLine("19:15:46.482218 IP 127.0.0.1.52162 > 127.0.0.1.35561: Flags [S], seq 2185233262, "
                + "win 65495, options [mss 65495,sackOK,TS val 2454270262 ecr 0,nop,wscale 10], length 0").orElseThrow();
        assertThat(s.time()).isEqualTo("19:15:46.482218");
        assertThat(s.source()).isEqualTo("127.0.0.1");
        assertThat(s.sourcePort()).isEqualTo(52162);
        assertThat(s.destination()).isEqualTo("127.0.0.1");
        assertThat(s.destinationPort()).isEqualTo(35561);
        assertThat(s.flags()).isEqualTo("S");
        assertThat(s.syn()).isTrue();
        assertThat(s.hasAck()).isFalse();
        assertThat(s.seq()).isEqualTo(2185233262L);
        assertThat(s.seqEnd()).isEqualTo(2185233262L);
        assertThat(s.ack()).isEqualTo(-1);
        assertThat(s.length()).isZero();
        assertThat(s.numbers()).isEqualTo("seq 2185233262");
    }

    @Test
    void dataWithSequenceRange() {
        Segment s = parser.parseLine("19:15:46.485385 IP 127.0.0.1.35561 > 127.0.0.1.52162: Flags [P.], "
                + "seq 193292236:193292491, ack 2185233263, win 64, options [nop,nop,TS val 1662695092 ecr 2454270262], length 255")
                .orElseThrow();
        assertThat(s.push()).isTrue();
        assertThat(s.hasAck()).isTrue();
        assertThat(s.seq()).isEqualTo(193292236L);
        assertThat(s.seqEnd()).isEqualTo(193292491L);
        assertThat(s.ack()).isEqualTo(2185233263L);
        assertThat(s.length()).isEqualTo(255);
        assertThat(s.numbers()).isEqualTo("seq 193292236:193292491 ack 2185233263");
    }

    @Test
    void pureAckHasNoSeq() {
        Segment s = parser.parseLine("19:15:46.482243 IP 127.0.0.1.52162 > 127.0.0.1.35561: Flags [.], ack 193292236, "
                + "win 64, options [nop,nop,TS val 2454270262 ecr 1662695089], length 0").orElseThrow();
        assertThat(s.hasSeq()).isFalse();
        assertThat(s.ack()).isEqualTo(193292236L);
        assertThat(s.numbers()).isEqualTo("ack 193292236");
    }

    @Test
    void ipv6AndHostNames() {
        Segment v6 = parser.parseLine("19:17:46.190888 IP6 ::1.35526 > ::1.42727: Flags [S], seq 530890173, win 65476, "
                + "options [mss 65476,sackOK,TS val 1358786811 ecr 0,nop,wscale 10], length 0").orElseThrow();
        assertThat(v6.source()).isEqualTo("::1");
        assertThat(v6.sourcePort()).isEqualTo(35526);
        assertThat(v6.destinationPort()).isEqualTo(42727);
        Segment named = parser.parseLine("11:22:00.053604 IP localhost.localdomain.20000 > localhost.localdomain.34585: "
                + "Flags [F.], seq 3565564000, ack 3563066037, win 512, options [nop,nop,TS val 153765034 ecr 153765034], length 0")
                .orElseThrow();
        assertThat(named.source()).isEqualTo("localhost.localdomain");
        assertThat(named.sourcePort()).isEqualTo(20000);
        assertThat(named.fin()).isTrue();
    }

    @Test
    void resetWithoutOptions() {
        Segment s = parser.parseLine("10:00:00.000001 IP 127.0.0.1.20000 > 127.0.0.1.40000: Flags [R.], seq 5, ack 7, win 0, length 0")
                .orElseThrow();
        assertThat(s.rst()).isTrue();
        assertThat(s.seq()).isEqualTo(5);
        assertThat(s.ack()).isEqualTo(7);
    }

    @Test
    void skipsWhatIsNotASegment() {
        assertThat(parser.parseLine("listening on lo, link-type EN10MB (Ethernet), snapshot length 262144 bytes")).isEmpty();
        assertThat(parser.parseLine("8 packets captured")).isEmpty();
        assertThat(parser.parseLine("frome server localhost:")).isEmpty();
        assertThat(parser.parseLine("")).isEmpty();
        assertThat(parser.parseLine("10:00:00.000001 IP 127.0.0.1.53 > 127.0.0.1.40000: 1234 1/0/0 A 1.2.3.4 (44)")).isEmpty();
    }

    @Test
    void recordedBlockingTrace() throws IOException {
        List<Segment> segments = parser.parse(resource("blocking-seed-8-segments.txt"));
        assertThat(segments).extracting(Segment::flags).containsExactly("S", "S.", ".", "P.", ".", "F.", "F.", ".");
        assertThat(segments).extracting(Segment::length).containsExactly(0, 0, 0, 255, 0, 0, 0, 0);
    }

    @Test
    void seedTutorialTranscriptKeepsOnlyTheSegments() throws IOException {
        List<Segment> segments = parser.parse(resource("seed-tutorial-2012.txt"));
        assertThat(segments).hasSize(8);
        assertThat(segments.get(0).seq()).isEqualTo(3563066036L);
        assertThat(segments.get(7).ack()).isEqualTo(3563066038L);
    }
}
