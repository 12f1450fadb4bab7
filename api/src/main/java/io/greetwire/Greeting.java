package io.greetwire;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One greeting as a client received it. All timings count from the moment the client began to
 * connect, so {@code connectTime <= tlsTime <= firstByteTime <= totalTime}.
 */
public final class Greeting {
    private final GreetingFormat format;
    private volatile String text;
    private final byte[] raw;
    private final Instant serverTime;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final long connectNanos;
    private final long firstByteNanos;
    private final long totalNanos;
    private final long tlsNanos;
    private final String tlsProtocol;
    private final boolean tlsResumed;

    /**
     * A greeting as a client received it; made by the transports.
     *
     * @param format the format it was decoded with
     * @param text the decoded text, or {@code null} to decode it on first use as lenient UTF-8 up
     *     to the first NUL (what {@link GreetingFormat#TEXT} does), so that a large greeting whose
     *     text nobody reads is never decoded
     * @param raw the bytes as received; the array is not copied, so the caller hands it over
     * @param serverTime the server's time where the greeting carries one, else {@code null}
     * @param remote the server's address
     * @param local the client's address on the connection
     * @param connectNanos from the start of connect until the handshake completed
     * @param firstByteNanos from the start of connect until the first byte arrived
     * @param totalNanos from the start of connect until the server's close was read
     */
    public Greeting(GreetingFormat format, String text, byte[] raw, Instant serverTime,
            SocketAddress remote, SocketAddress local,
            long connectNanos, long firstByteNanos, long totalNanos) {
        this(format, text, raw, serverTime, remote, local, connectNanos, -1, null, false, firstByteNanos, totalNanos);
    }

    /**
     * A greeting received over TLS.
     *
     * @param tlsNanos from the start of connect until the TLS handshake was done; negative without TLS
     * @param tlsProtocol the protocol negotiated, e.g. {@code TLSv1.3}; {@code null} without TLS
     * @param tlsResumed whether the handshake resumed an earlier session
     */
    public Greeting(GreetingFormat format, String text, byte[] raw, Instant serverTime,
            SocketAddress remote, SocketAddress local, long connectNanos,
            long tlsNanos, String tlsProtocol, boolean tlsResumed, long firstByteNanos, long totalNanos) {
        this.tlsNanos = tlsNanos;
        this.tlsProtocol = tlsProtocol;
        this.tlsResumed = tlsResumed;
        this.format = Objects.requireNonNull(format, "format");
        this.text = text;
        this.raw = Objects.requireNonNull(raw, "raw");
        this.serverTime = serverTime;
        this.remote = remote;
        this.local = local;
        this.connectNanos = connectNanos;
        this.firstByteNanos = firstByteNanos;
        this.totalNanos = totalNanos;
    }

    /** {@return the format it was decoded with} */
    public GreetingFormat format() { return format; }

    /** {@return the decoded text (up to the first NUL for text formats; the ISO instant for {@code TIME})} */
    public String text() {
        String t = text;
        if (t == null) {
            text = t = GreetingFormat.TEXT.decode(raw, raw.length, false, java.time.ZoneOffset.UTC).text();
        }
        return t;
    }

    /** {@return a copy of the bytes as received} */
    public byte[] bytes() { return Arrays.copyOf(raw, raw.length); }

    /** {@return how many bytes were received} */
    public int length() { return raw.length; }

    /** {@return the server's time where the greeting carries one: always for {@code TIME}, a trailing ctime stamp otherwise} */
    public Optional<Instant> serverTime() { return Optional.ofNullable(serverTime); }

    /** {@return the server's address: an IP address and port, or a Unix socket path} */
    public SocketAddress remoteAddress() { return remote; }

    /** {@return the client's address on this connection (over a Unix socket usually unnamed: an empty path)} */
    public SocketAddress localAddress() { return local; }

    /** {@return from the start of connect until the handshake completed, as the client saw it} */
    public Duration connectTime() { return Duration.ofNanos(connectNanos); }

    /** From the start of connect until the TLS handshake was done; empty without TLS. */
    public Optional<Duration> tlsTime() { return tlsNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(tlsNanos)); }

    /** The TLS protocol negotiated, e.g. {@code TLSv1.3}; empty without TLS. */
    public Optional<String> tlsProtocol() { return Optional.ofNullable(tlsProtocol); }

    /**
     * Whether the TLS handshake resumed a session of an earlier fetch (no certificate sent or
     * checked); false without TLS.
     */
    public boolean tlsResumed() { return tlsResumed; }

    /** {@return from the start of connect until the first greeting byte arrived (= total for an empty answer)} */
    public Duration firstByteTime() { return Duration.ofNanos(firstByteNanos); }

    /** {@return from the start of connect until the server's close was read} */
    public Duration totalTime() { return Duration.ofNanos(totalNanos); }

    @Override
    public String toString() {
        return "Greeting{" + format + ", " + raw.length + " bytes, text=" + quote(text())
                + ", from=" + remote + ", connect=" + connectTime().toNanos() / 1000 + "us"
                + (tlsProtocol == null ? "" : ", " + tlsProtocol + (tlsResumed ? " resumed" : "") + "=" + tlsNanos / 1000 + "us")
                + ", total=" + totalTime().toNanos() / 1000 + "us}";
    }

    private static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return '"' + t.replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
