package io.greetwire.examples.trace;

import java.util.Objects;

/**
 * A TCP segment with its payload bytes, as tcpdump {@code -x} printed them.
 *
 * @param segment the segment's header fields
 * @param payload the TCP payload (the last {@code segment.length()} bytes of the hex dump); empty when
 *     tcpdump printed no hex or the segment carries none
 */
public record Packet(Segment segment, byte[] payload) {
    /** Checks that both parts are present. */
    public Packet {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(payload, "payload");
    }
}
