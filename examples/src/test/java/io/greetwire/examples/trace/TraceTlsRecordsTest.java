package io.greetwire.examples.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TLS records read from a canned {@code tcpdump -nn -S -x} dump of one TLS 1.3 greeting exchange on
 * port 8443 (no capture, no root): ClientHello; ServerHello, change_cipher_spec and the server's
 * encrypted flight, whose record is split over two segments; the client's change_cipher_spec and
 * Finished; a NewSessionTicket and the 255-byte greeting in one segment; close_notify with the FIN.
 */
class TraceTlsRecordsTest {
    private static final int PORT = 8443;

    private static String dump() throws IOException {
        try (InputStream in = TraceTlsRecordsTest.class.getResourceAsStream("tls13-exchange.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Packet> packets() throws IOException {
        return new TcpdumpParser().parsePackets(dump().lines()::iterator);
    }

    @Test
    void parserKeepsEachSegmentsPayloadAndSkipsTheHeaders() throws IOException {
        List<Packet> p = packets();
        assertThat(p).hasSize(9);
        assertThat(p).allMatch(x -> x.payload().length == x.segment().length());
        assertThat(p.get(0).payload()).isEmpty();
        // ClientHello: a handshake record (22), TLS 1.2 on the wire, 40 bytes, message type 1
        assertThat(p.get(3).payload()).startsWith(22, 3, 3, 0, 40, 1);
        assertThat(new TcpdumpParser().parse(dump())).extracting(Segment::length)
                .containsExactly(0, 0, 0, 45, 63, 33, 64, 342, 24);
    }

    @Test
    void readsEveryRecordHeaderEvenOneSplitOverTwoSegments() throws IOException {
        List<TlsRecords.Record> r = TlsRecords.read(PORT, packets());
        assertThat(r).extracting(TlsRecords.Record::packet).containsExactly(3, 4, 4, 4, 6, 6, 7, 7, 8);
        assertThat(r).extracting(TlsRecords.Record::type).containsExactly(22, 22, 20, 23, 20, 23, 23, 23, 23);
        assertThat(r).extracting(TlsRecords.Record::length).containsExactly(40, 32, 1, 48, 1, 53, 60, 272, 19);
        assertThat(r).extracting(TlsRecords.Record::fromServer)
                .containsExactly(false, true, true, true, false, false, true, true, true);
        assertThat(r.get(0).handshakeType()).isEqualTo(1);
        assertThat(r.get(1).handshakeType()).isEqualTo(2);
    }

    @Test
    void describesTheHandshakeTheGreetingAndCloseNotifyHonestly() throws IOException {
        List<List<String>> d = TlsRecords.describe(PORT, packets());
        assertThat(d).hasSize(9);
        assertThat(d.get(0)).isEmpty();
        assertThat(d.get(3)).containsExactly(
                "TLS record: handshake, 40 bytes: ClientHello (TLS round trip 1/2: versions, ciphers, the client's key share)");
        assertThat(d.get(4)).hasSize(3);
        assertThat(d.get(4).get(0)).startsWith("TLS record: handshake, 32 bytes: ServerHello (TLS round trip 2/2");
        assertThat(d.get(4).get(1)).startsWith("TLS record: change_cipher_spec, 1 byte: a dummy");
        assertThat(d.get(4).get(2)).startsWith("TLS record: application_data, 48 bytes: the server's encrypted flight");
        assertThat(d.get(5)).as("the rest of the flight record starts no record").isEmpty();
        assertThat(d.get(6).get(1)).isEqualTo(
                "TLS record: application_data, 53 bytes: probably the client's Finished: the TLS handshake is complete");
        assertThat(d.get(7).get(0)).startsWith("TLS record: application_data, 60 bytes: probably a NewSessionTicket");
        assertThat(d.get(7).get(1)).startsWith("TLS record: application_data, 272 bytes: probably the greeting");
        assertThat(d.get(8)).singleElement().asString()
                .startsWith("TLS record: application_data, 19 bytes: probably close_notify, an encrypted alert")
                .contains("TLS 1.3 sends alerts as application_data too");
    }

    @Test
    void aDumpWithoutHexHasEmptyPayloadsAndNoRecords() throws IOException {
        List<String> headersOnly = dump().lines().filter(l -> !l.startsWith("\t")).toList();
        List<Packet> p = new TcpdumpParser().parsePackets(headersOnly);
        assertThat(p).hasSize(9).allMatch(x -> x.payload().length == 0);
        assertThat(TlsRecords.describe(PORT, p)).allMatch(List::isEmpty);
    }
}
