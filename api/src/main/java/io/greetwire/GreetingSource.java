package io.greetwire;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Produces the text a server greets with. The format then encodes it
 * ({@link GreetingFormat#TIME} ignores the text and sends the clock).
 *
 * <p>The {@link #variability()} lets servers encode a greeting once and share the bytes between
 * connections: a {@link Variability#FIXED} text is encoded once, a {@link Variability#PER_SECOND}
 * text at most once a second; only {@link Variability#PER_CONNECTION} costs work per connection.
 */
public interface GreetingSource {

    /** The seed's greeting prefix, before the ctime timestamp. */
    String SEED_PREFIX = "welcome to our server.timestamp on server:";

    /** How often the text may change. */
    enum Variability {
        /** Never: encoded once. */
        FIXED,
        /** Depends on the clock's second only: encoded at most once a second. */
        PER_SECOND,
        /** Depends on the connection: encoded for each one. */
        PER_CONNECTION
    }

    /**
     * The text for one connection. For {@code FIXED} and {@code PER_SECOND} sources the context's
     * addresses are {@code null}: the text must not depend on them.
     *
     * @param context the time, the clock's zone and, per connection, the addresses
     * @return the greeting text
     */
    String text(GreetingContext context);

    /** {@return how often the text may change} */
    Variability variability();

    /** {@return the seed's greeting: {@value #SEED_PREFIX} followed by {@link Ctime} of the server's clock} */
    static GreetingSource seed() {
        return perSecond((now, zone) -> SEED_PREFIX + Ctime.format(now, zone));
    }

    /** {@return the time alone as ctime writes it, without the newline (what inetd's daytime sends)} */
    static GreetingSource ctime() {
        return perSecond((now, zone) -> {
            String c = Ctime.format(now, zone);
            return c.substring(0, c.length() - 1);
        });
    }

    /**
     * A fixed text.
     *
     * @param text the greeting
     * @return a {@code FIXED} source
     */
    static GreetingSource fixed(String text) {
        Objects.requireNonNull(text, "text");
        return new GreetingSource() {
            @Override public String text(GreetingContext context) { return text; }
            @Override public Variability variability() { return Variability.FIXED; }
            @Override public String toString() { return "fixed(" + text.length() + " chars)"; }
        };
    }

    /**
     * A text made from the clock's time; called at most once a second by the servers.
     *
     * @param text makes the greeting from the time and the clock's zone
     * @return a {@code PER_SECOND} source
     */
    static GreetingSource perSecond(BiFunction<Instant, ZoneId, String> text) {
        Objects.requireNonNull(text, "text");
        return new GreetingSource() {
            @Override public String text(GreetingContext c) { return text.apply(c.now(), c.zone()); }
            @Override public Variability variability() { return Variability.PER_SECOND; }
        };
    }

    /**
     * A text made for each connection: the only source that costs work per connection.
     *
     * @param text makes the greeting from the context, addresses included
     * @return a {@code PER_CONNECTION} source
     */
    static GreetingSource perConnection(Function<GreetingContext, String> text) {
        Objects.requireNonNull(text, "text");
        return new GreetingSource() {
            @Override public String text(GreetingContext c) { return text.apply(c); }
            @Override public Variability variability() { return Variability.PER_CONNECTION; }
        };
    }
}
