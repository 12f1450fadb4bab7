package io.greetwire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * C's {@code ctime()} text: {@code Wed Nov  5 09:03:07 2026\n} — English names, the day of month
 * padded with a space, a trailing newline.
 */
public final class Ctime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    /** The length of a ctime text including its newline, for years 1000 to 9999. */
    public static final int LENGTH = 25;

    private Ctime() { }

    /**
     * Formats an instant exactly as C's {@code ctime()}, newline included.
     *
     * @param instant the time
     * @param zone the zone to show it in
     * @return {@value #LENGTH} characters, such as {@code "Wed Nov  5 09:03:07 2026\n"}
     */
    public static String format(Instant instant, ZoneId zone) {
        return FORMAT.format(LocalDateTime.ofInstant(instant, zone)) + "\n";
    }

    /**
     * Parses a ctime text at the end of {@code text} (newline optional), read in {@code zone}.
     *
     * @param text a greeting that may end with a ctime stamp
     * @param zone the zone the stamp was written in (ctime carries none)
     * @return the instant, or empty if the text does not end with a ctime timestamp
     */
    public static Optional<Instant> parseTrailing(String text, ZoneId zone) {
        int end = text.endsWith("\n") ? text.length() - 1 : text.length();
        int from = end - (LENGTH - 1);
        if (from < 0) {
            return Optional.empty();
        }
        // A client reads the same stamp all second long: parsing it once a second, not once a
        // greeting, saves the formatter's work and garbage on every fetch.
        Parsed last = lastParsed;
        if (last != null && last.zone.equals(zone) && text.regionMatches(from, last.stamp, 0, LENGTH - 1)) {
            return last.instant;
        }
        String stamp = text.substring(from, end);
        Optional<Instant> instant;
        try {
            instant = Optional.of(LocalDateTime.parse(stamp, FORMAT).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            instant = Optional.empty();
        }
        lastParsed = new Parsed(stamp, zone, instant);
        return instant;
    }

    /** A stamp, the zone it was read in, and what it gave; immutable, so one volatile read sees all of it. */
    private static final class Parsed {
        final String stamp;
        final ZoneId zone;
        final Optional<Instant> instant;

        Parsed(String stamp, ZoneId zone, Optional<Instant> instant) {
            this.stamp = stamp;
            this.zone = zone;
            this.instant = instant;
        }
    }

    private static volatile Parsed lastParsed;
}
