package io.greetwire.examples.trace;

import java.util.Locale;
import java.util.Objects;

/**
 * One TCP segment as tcpdump printed it ({@code -nn -S}: numeric addresses and ports, absolute
 * sequence numbers).
 *
 * @param time the timestamp as printed (e.g. {@code 19:15:46.482218})
 * @param source the sender's address, without the port
 * @param sourcePort the sender's port
 * @param destination the receiver's address, without the port
 * @param destinationPort the receiver's port
 * @param flags tcpdump's flags as printed between the brackets: {@code S} SYN, {@code F} FIN,
 *     {@code P} PUSH, {@code R} RST, {@code .} ACK (e.g. {@code S.}, {@code FP.})
 * @param seq the first sequence number, or -1 when tcpdump printed none (a pure ACK)
 * @param seqEnd the sequence number after the data ({@code seq A:B} gives B), or {@code seq} when
 *     no range was printed, or -1
 * @param ack the acknowledgement number, or -1 when the ACK flag is not set
 * @param length bytes of payload
 */
public record Segment(String time, String source, int sourcePort, String destination, int destinationPort,
        String flags, long seq, long seqEnd, long ack, int length) {

    /** Checks that the texts are present. */
    public Segment {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(flags, "flags");
    }

    /** {@return whether the SYN flag is set} */
    public boolean syn() { return flags.indexOf('S') >= 0; }

    /** {@return whether the FIN flag is set} */
    public boolean fin() { return flags.indexOf('F') >= 0; }

    /** {@return whether the RST flag is set} */
    public boolean rst() { return flags.indexOf('R') >= 0; }

    /** {@return whether the PUSH flag is set} */
    public boolean push() { return flags.indexOf('P') >= 0; }

    /** {@return whether the ACK flag is set} */
    public boolean hasAck() { return flags.indexOf('.') >= 0; }

    /** {@return whether tcpdump printed a sequence number} */
    public boolean hasSeq() { return seq >= 0; }

    /** {@return whether tcpdump printed an acknowledgement number} */
    public boolean hasAckNumber() { return ack >= 0; }

    /** Whether the server on {@code serverPort} sent it. */
    public boolean fromServer(int serverPort) {
        return sourcePort == serverPort;
    }

    /** {@code seq 193292236:193292491 ack 2185233263}, as much as tcpdump printed. */
    public String numbers() {
        StringBuilder b = new StringBuilder();
        if (seq >= 0) {
            b.append("seq ").append(seq);
            if (seqEnd != seq) {
                b.append(':').append(seqEnd);
            }
        }
        if (ack >= 0) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append("ack ").append(ack);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s.%d > %s.%d [%s] %s len %d",
                time, source, sourcePort, destination, destinationPort, flags, numbers(), length);
    }
}
