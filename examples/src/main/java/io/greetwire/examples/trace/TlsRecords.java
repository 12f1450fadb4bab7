package io.greetwire.examples.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the TLS records inside the payloads of a TLS 1.3 greeting exchange and says what each one
 * is. A record's header (content type, length) is clear text, and so are ClientHello and
 * ServerHello; after them TLS 1.3 encrypts everything as {@code application_data} records, so the
 * kinds of those are guessed from their order (the server's flight, the client's Finished, then
 * the server's tickets, the greeting and close_notify) and said to be guesses. Records may span
 * segments: each direction is read as one byte stream. One exchange per trace.
 */
public final class TlsRecords {
    private static final int HEADER = 5;
    private static final int CHANGE_CIPHER_SPEC = 20;
    private static final int ALERT = 21;
    private static final int HANDSHAKE = 22;
    private static final int APPLICATION_DATA = 23;

    /**
     * One record's header.
     *
     * @param packet the index of the packet the record starts in
     * @param fromServer whether the server sent it
     * @param type the content type (20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data)
     * @param length the length of the record's body
     * @param handshakeType for a handshake record, its first message's type (1 ClientHello, 2 ServerHello), else -1
     */
    public record Record(int packet, boolean fromServer, int type, int length, int handshakeType) { }

    /** One direction's byte stream: the header being gathered, the body bytes still to skip. */
    private static final class Stream {
        final byte[] header = new byte[HEADER];
        int headerFill;
        int bodyLeft;
    }

    private TlsRecords() { }

    /** Every record that starts in the packets' payloads, in capture order. */
    public static List<Record> read(int serverPort, List<Packet> packets) {
        Map<String, Stream> streams = new HashMap<>();
        List<Record> out = new ArrayList<>();
        for (int n = 0; n < packets.size(); n++) {
            Segment s = packets.get(n).segment();
            Stream st = streams.computeIfAbsent(s.source() + "." + s.sourcePort() + ">" + s.destination() + "."
                    + s.destinationPort(), k -> new Stream());
            byte[] b = packets.get(n).payload();
            int i = 0;
            while (i < b.length) {
                if (st.bodyLeft > 0) {
                    int skip = Math.min(st.bodyLeft, b.length - i);
                    st.bodyLeft -= skip;
                    i += skip;
                    continue;
                }
                st.header[st.headerFill++] = b[i++];
                if (st.headerFill < HEADER) {
                    continue;
                }
                st.headerFill = 0;
                int type = st.header[0] & 0xff;
                st.bodyLeft = (st.header[3] & 0xff) << 8 | (st.header[4] & 0xff);
                // A record split right after its header: the message type is in the next packet; say so.
                int handshakeType = type == HANDSHAKE && i < b.length ? b[i] & 0xff : -1;
                out.add(new Record(n, s.fromServer(serverPort), type, st.bodyLeft, handshakeType));
            }
        }
        return out;
    }

    /** For each packet, one line per TLS record that starts in it (an empty list when none does). */
    public static List<List<String>> describe(int serverPort, List<Packet> packets) {
        List<Record> records = read(serverPort, packets);
        List<List<String>> out = new ArrayList<>(packets.size());
        for (int n = 0; n < packets.size(); n++) {
            out.add(new ArrayList<>());
        }
        int clientFinished = -1; // index in records of the client's first encrypted record
        int lastServer = -1;     // index of the server's last encrypted record after it
        int greeting = -1;       // the one before that
        for (int r = 0; r < records.size(); r++) {
            Record rec = records.get(r);
            if (rec.type() != APPLICATION_DATA) {
                continue;
            }
            if (!rec.fromServer() && clientFinished < 0) {
                clientFinished = r;
            } else if (rec.fromServer() && clientFinished >= 0) {
                greeting = lastServer;
                lastServer = r;
            }
        }
        for (int r = 0; r < records.size(); r++) {
            Record rec = records.get(r);
            String what;
            if (rec.type() == APPLICATION_DATA) {
                what = r == clientFinished ? "probably the client's Finished: the TLS handshake is complete"
                    : clientFinished < 0 || r < clientFinished ? "the server's encrypted flight (EncryptedExtensions, "
                        + "Certificate and CertificateVerify unless the client resumes a session, Finished)"
                    : !rec.fromServer() ? "probably the client's close_notify (TLS 1.3 sends alerts as application_data too)"
                    : r == lastServer ? "probably close_notify, an encrypted alert (TLS 1.3 sends alerts as application_data "
                        + "too; this guess is by position: the server's last record)"
                    : r == greeting ? "probably the greeting (by position: the server's last record before close_notify)"
                    : "probably a NewSessionTicket (by position: after the client's Finished, before the greeting)";
            } else {
                what = clear(rec);
            }
            out.get(rec.packet()).add(String.format(Locale.ROOT, "TLS record: %s, %d %s: %s",
                    typeName(rec.type()), rec.length(), rec.length() == 1 ? "byte" : "bytes", what));
        }
        return out;
    }

    private static String clear(Record rec) {
        switch (rec.type()) {
            case HANDSHAKE:
                return rec.handshakeType() == 1 ? "ClientHello (TLS round trip 1/2: versions, ciphers, the client's key share)"
                    : rec.handshakeType() == 2 ? "ServerHello (TLS round trip 2/2: the server's key share; "
                        + "from here on everything is encrypted)"
                    : rec.handshakeType() < 0 ? "a handshake message (its type is in the next segment)"
                    : "handshake message type " + rec.handshakeType();
            case CHANGE_CIPHER_SPEC:
                return "a dummy for middleboxes that know only TLS 1.2 (TLS 1.3 ignores it)";
            case ALERT:
                return "an alert in clear text (sent before the keys were agreed)";
            default:
                return "not a TLS record type";
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case CHANGE_CIPHER_SPEC: return "change_cipher_spec";
            case ALERT: return "alert";
            case HANDSHAKE: return "handshake";
            case APPLICATION_DATA: return "application_data";
            default: return "type " + type;
        }
    }
}
