package io.greetwire.internal;

import io.greetwire.GreetingContext;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;

/**
 * Hands a server the encoded greeting for each connection, encoding as seldom as the source
 * allows: a fixed text once, a per-second text (and every {@code TIME} greeting) at most once per
 * second of the clock, a per-connection text each time. Thread-safe without locks: two threads
 * that see a new second at once may both encode it, which is harmless.
 */
public final class GreetingCache {
    private final GreetingFormat format;
    private final GreetingSource source;
    private final Clock clock;
    private final GreetingSource.Variability variability;
    private volatile Entry entry;

    private record Entry(long second, EncodedGreeting greeting) { }

    /**
     * A cache of the greeting {@code config} sends.
     *
     * @param config its format, source and clock
     */
    public GreetingCache(ServerConfig config) {
        this.format = config.format();
        this.source = config.source();
        this.clock = config.clock();
        GreetingSource.Variability v = source.variability();
        // TIME sends the clock and nothing of the text, so it changes exactly once a second.
        this.variability = format == GreetingFormat.TIME ? GreetingSource.Variability.PER_SECOND : v;
        if (variability == GreetingSource.Variability.FIXED) {
            entry = new Entry(Long.MIN_VALUE, encode(null, null, clock.instant()));
        }
    }

    /** Whether {@link #greetingFor} looks at the addresses; if not, callers may pass {@code null}. */
    public boolean needsAddresses() {
        return variability == GreetingSource.Variability.PER_CONNECTION;
    }

    /**
     * The greeting for one connection.
     *
     * @throws RuntimeException whatever a per-connection source throws, or an
     *     {@link IllegalArgumentException} if its text does not fit the format; count it as
     *     {@link io.greetwire.FailureReason#SOURCE_ERROR}
     */
    public EncodedGreeting greetingFor(SocketAddress remote, SocketAddress local) {
        switch (variability) {
            case FIXED:
                return entry.greeting();
            case PER_SECOND: {
                long millis = clock.millis();
                long second = Math.floorDiv(millis, 1000L);
                Entry e = entry;
                if (e == null || e.second() != second) {
                    e = new Entry(second, encode(null, null, Instant.ofEpochMilli(millis)));
                    entry = e;
                }
                return e.greeting();
            }
            default:
                return encode(remote, local, clock.instant());
        }
    }

    private EncodedGreeting encode(SocketAddress remote, SocketAddress local, Instant now) {
        String text = format.sendsText()
                ? source.text(new GreetingContext(remote, local, now, clock.getZone()))
                : "";
        return new EncodedGreeting(format.encode(text, now));
    }
}
