package io.greetwire.examples.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Says what each segment of a greeting exchange is, the way the seed's lesson reads its tcpdump
 * trace: the three-way handshake (SYN, SYN-ACK, ACK), the greeting data ({@code P.}), the server's
 * FIN, the client's FIN and the last ACK. A server that corks sends the data and its FIN in one
 * segment ({@code FP.}). Tells the ACKs apart by the numbers they acknowledge, so the order in
 * which they show up (which varies with timing) does not matter. Segments of several connections
 * to the same server port are followed each on its own. Not thread-safe; one instance per trace.
 */
public final class SegmentAnnotator {

    /** Who sent a segment. */
    public enum Direction {
        /** From the client to the server. */
        CLIENT_TO_SERVER("client -> server"),
        /** From the server to the client. */
        SERVER_TO_CLIENT("server -> client");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        /** {@code client -> server} or {@code server -> client}. */
        public String label() {
            return label;
        }
    }

    /** What a segment is, in one of these kinds, with a sentence for people. */
    public enum Kind {
        /** Handshake 1/3: the client's SYN. */
        SYN,
        /** Handshake 2/3: the server's SYN-ACK. */
        SYN_ACK,
        /** Handshake 3/3: the client's ACK of the server's SYN. */
        HANDSHAKE_ACK,
        /** Greeting data from the server. */
        DATA,
        /** Greeting data and the server's FIN in one segment (a corked write and close). */
        DATA_FIN,
        /** The client acknowledges greeting data. */
        DATA_ACK,
        /** The server's FIN: the greeting is complete. */
        SERVER_FIN,
        /** The client acknowledges the server's FIN alone. */
        SERVER_FIN_ACK,
        /** The client's FIN: it read to the end and closes too. */
        CLIENT_FIN,
        /** The server acknowledges the client's FIN: the connection is closed. */
        LAST_ACK,
        /** A reset, from either side. */
        RESET,
        /** Data from the client, which the protocol does not expect. */
        CLIENT_DATA,
        /** Anything else. */
        OTHER
    }

    /** A segment with its direction and what it is. */
    public record Annotated(Segment segment, Direction direction, Kind kind, String description) { }

    /** What is known about one connection so far. */
    private static final class Conn {
        long clientIsn = -1;
        long serverIsn = -1;
        boolean established;
        long dataEnd = -1;     // the server's next sequence number after its data
        long serverFin = -1;   // the sequence number the server's FIN occupies
        long clientFin = -1;   // the sequence number the client's FIN occupies
        boolean dataAcked;
    }

    private final int serverPort;
    private final Map<String, Conn> conns = new HashMap<>();

    /** @param serverPort the port the server listens on; it tells the direction of each segment */
    public SegmentAnnotator(int serverPort) {
        this.serverPort = serverPort;
    }

    /** Annotates a whole trace. */
    public static List<Annotated> annotate(int serverPort, List<Segment> segments) {
        SegmentAnnotator a = new SegmentAnnotator(serverPort);
        List<Annotated> out = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            out.add(a.next(s));
        }
        return out;
    }

    /** Annotates the next segment of the trace. */
    public Annotated next(Segment s) {
        boolean fromServer = s.fromServer(serverPort);
        Direction dir = fromServer ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
        String key = fromServer ? s.destination() + "." + s.destinationPort() : s.source() + "." + s.sourcePort();
        Conn c = conns.computeIfAbsent(key, k -> new Conn());
        if (s.rst()) {
            return new Annotated(s, dir, Kind.RESET, "RST from the " + (fromServer ? "server" : "client")
                    + ": the connection is reset, not closed in order");
        }
        if (s.syn()) {
            if (!fromServer && !s.hasAck()) {
                boolean again = c.clientIsn == s.seq();
                c.clientIsn = s.seq();
                return new Annotated(s, dir, Kind.SYN, "handshake 1/3: SYN, the client asks to connect"
                        + (again ? " (sent again)" : "") + "; its initial sequence number is " + s.seq());
            }
            if (fromServer && s.hasAck()) {
                c.serverIsn = s.seq();
                return new Annotated(s, dir, Kind.SYN_ACK, "handshake 2/3: SYN-ACK, the server acknowledges the SYN (ack "
                        + s.ack() + " = client's " + (s.ack() - 1) + " + 1) and sends its own SYN, seq " + s.seq());
            }
            return new Annotated(s, dir, Kind.OTHER, "an unexpected SYN");
        }
        if (fromServer) {
            return fromServer(s, dir, c);
        }
        return fromClient(s, dir, c);
    }

    private Annotated fromServer(Segment s, Direction dir, Conn c) {
        if (s.length() > 0) {
            c.dataEnd = s.seqEnd();
            if (s.fin()) {
                c.serverFin = s.seqEnd();
                return new Annotated(s, dir, Kind.DATA_FIN, "greeting data, " + s.length()
                        + " bytes, and the server's FIN in one segment (the server corked its write and close)");
            }
            return new Annotated(s, dir, Kind.DATA, "greeting data, " + s.length() + " bytes"
                    + (s.push() ? " (P: push them to the application)" : ""));
        }
        if (s.fin()) {
            c.serverFin = s.seq();
            return new Annotated(s, dir, Kind.SERVER_FIN, "FIN from the server: the greeting is complete and it closes");
        }
        if (c.clientFin >= 0 && s.ack() == c.clientFin + 1) {
            return new Annotated(s, dir, Kind.LAST_ACK,
                    "the last ACK: the server acknowledges the client's FIN; the connection is closed");
        }
        return new Annotated(s, dir, Kind.OTHER, "ACK from the server");
    }

    private Annotated fromClient(Segment s, Direction dir, Conn c) {
        if (s.fin()) {
            c.clientFin = s.seq();
            String acks = c.serverFin >= 0 && s.ack() == c.serverFin + 1
                    ? " (and it acknowledges the server's FIN)" : "";
            return new Annotated(s, dir, Kind.CLIENT_FIN, "the client's FIN: it has read to the end and closes too" + acks);
        }
        if (s.length() > 0) {
            return new Annotated(s, dir, Kind.CLIENT_DATA, "data from the client, " + s.length()
                    + " bytes (a greeting client sends none)");
        }
        if (!c.established && c.serverIsn >= 0 && s.ack() == c.serverIsn + 1) {
            c.established = true;
            return new Annotated(s, dir, Kind.HANDSHAKE_ACK, "handshake 3/3: ACK, the client acknowledges the server's SYN (ack "
                    + s.ack() + "); the connection is established");
        }
        if (c.serverFin >= 0 && s.ack() == c.serverFin + 1) {
            boolean withData = c.dataEnd >= 0 && !c.dataAcked;
            c.dataAcked = true;
            return new Annotated(s, dir, Kind.SERVER_FIN_ACK, "the client acknowledges the server's FIN"
                    + (withData ? " and the greeting data before it" : "") + " (ack " + s.ack() + ")");
        }
        if (c.dataEnd >= 0 && s.ack() == c.dataEnd) {
            c.dataAcked = true;
            return new Annotated(s, dir, Kind.DATA_ACK, "the client acknowledges the greeting data (ack " + s.ack() + ")");
        }
        return new Annotated(s, dir, Kind.OTHER, "ACK from the client");
    }
}
