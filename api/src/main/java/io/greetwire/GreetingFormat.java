package io.greetwire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * The wire forms a greeting can take. Each encodes a text (and the clock) into bytes and decodes
 * the bytes a server sent up to its close. Text formats stop decoding at the first NUL, so the
 * seed's C server, which sends 255 bytes with stack garbage after the NUL, decodes cleanly.
 */
public enum GreetingFormat {

    /**
     * The seed's exact wire form: the UTF-8 text and a NUL, padded with zeros to
     * {@value #SEED_LENGTH} bytes. Holds at most {@value #SEED_MAX_TEXT} bytes of text.
     */
    SEED {
        @Override
        public byte[] encode(String text, Instant now) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > SEED_MAX_TEXT) {
                throw new IllegalArgumentException("greeting: SEED holds at most " + SEED_MAX_TEXT
                        + " bytes of text, got " + utf8.length);
            }
            byte[] out = new byte[SEED_LENGTH];
            System.arraycopy(utf8, 0, out, 0, utf8.length);
            return out;
        }

        @Override
        public Decoded decode(byte[] raw, int length, boolean strictUtf8, ZoneId zone) {
            if (length != SEED_LENGTH) {
                throw new IllegalArgumentException("SEED greeting must be " + SEED_LENGTH
                        + " bytes, got " + length);
            }
            String text = utf8UpToNul(raw, length, strictUtf8);
            return new Decoded(text, Ctime.parseTrailing(text, zone).orElse(null));
        }
    },

    /** The text alone, UTF-8, as many bytes as it takes; the end of the stream ends it. */
    TEXT {
        @Override
        public byte[] encode(String text, Instant now) {
            return text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Decoded decode(byte[] raw, int length, boolean strictUtf8, ZoneId zone) {
            return new Decoded(utf8UpToNul(raw, length, strictUtf8), null);
        }
    },

    /**
     * RFC 867 daytime: one line of US-ASCII ending in CRLF. A text's trailing newline is dropped
     * (so the seed's ctime text fits); any other line break or non-ASCII character is refused.
     * Decoding requires the line end, which tells a complete answer from a cut one.
     */
    DAYTIME {
        @Override
        public byte[] encode(String text, Instant now) {
            String line = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c > 0x7e || c < 0x20 && c != '\t') {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "greeting: DAYTIME is one line of printable US-ASCII, got U+%04X at index %d", (int) c, i));
                }
            }
            return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public Decoded decode(byte[] raw, int length, boolean strictUtf8, ZoneId zone) {
            String text = utf8UpToNul(raw, length, strictUtf8);
            if (!text.endsWith("\n")) {
                throw new IllegalArgumentException("DAYTIME answer of " + length + " bytes does not end with a line end");
            }
            String line = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
            return new Decoded(line, Ctime.parseTrailing(line, zone).orElse(null));
        }
    },

    /**
     * RFC 868 time: 4 bytes, big-endian, unsigned seconds since 1900-01-01T00:00Z. The text is not
     * sent. Values with the high bit clear are read as after the 2036 wrap-around.
     */
    TIME {
        @Override
        public byte[] encode(String text, Instant now) {
            long v = now.getEpochSecond() + SECONDS_1900_TO_1970;
            return ByteBuffer.allocate(4).putInt((int) v).array();
        }

        @Override
        public Decoded decode(byte[] raw, int length, boolean strictUtf8, ZoneId zone) {
            if (length != 4) {
                throw new IllegalArgumentException("TIME answer must be 4 bytes, got " + length);
            }
            long v = ByteBuffer.wrap(raw, 0, 4).getInt() & 0xFFFF_FFFFL;
            if (v < 0x8000_0000L) {
                v += 0x1_0000_0000L;
            }
            Instant t = Instant.ofEpochSecond(v - SECONDS_1900_TO_1970);
            return new Decoded(t.toString(), t);
        }

        @Override
        public boolean sendsText() {
            return false;
        }
    };

    /** Bytes of a SEED greeting on the wire: {@value}, like the seed's BUFFER_SIZE. */
    public static final int SEED_LENGTH = 255;
    /** Bytes of text a SEED greeting holds: {@value} (one byte stays for the NUL). */
    public static final int SEED_MAX_TEXT = SEED_LENGTH - 1;
    /** Seconds from 1900-01-01 to 1970-01-01: {@value}. */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    /**
     * Encodes a greeting.
     *
     * @param text the greeting text (ignored by {@link #TIME})
     * @param now the server clock's time (used by {@link #TIME})
     * @return the bytes to send
     * @throws IllegalArgumentException if the text does not fit the format; the message says why
     */
    public abstract byte[] encode(String text, Instant now);

    /**
     * Decodes what a server sent up to its close.
     *
     * @param raw the bytes; only the first {@code length} count
     * @param length how many bytes of {@code raw} arrived
     * @param strictUtf8 refuse invalid UTF-8 instead of replacing it with U+FFFD
     * @param zone the zone to read a trailing ctime timestamp in
     * @return the text and the server's time
     * @throws IllegalArgumentException if the bytes are not a greeting in this format; the message says why
     */
    public abstract Decoded decode(byte[] raw, int length, boolean strictUtf8, ZoneId zone);

    /** {@return whether the format carries the greeting text ({@link #TIME} carries only the clock)} */
    public boolean sendsText() {
        return true;
    }

    /**
     * The format for a name as the CLI writes it.
     *
     * @param name {@code seed}, {@code text}, {@code daytime} or {@code time}, in any case
     * @return the format
     * @throws IllegalArgumentException for another name; the message lists the known ones
     */
    public static GreetingFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format: unknown format '" + name + "'; known: seed, text, daytime, time");
        }
    }

    /**
     * A decoded greeting: the text and the server's time, where the format carries one.
     *
     * @param text the decoded text, or {@code null} when the client decodes it on first use
     * @param serverTime the server's time, or {@code null} when the greeting carries none
     */
    public record Decoded(String text, Instant serverTime) {
        /** {@return the server's time, if the greeting carried one} */
        public Optional<Instant> time() {
            return Optional.ofNullable(serverTime);
        }
    }

    static String utf8UpToNul(byte[] raw, int length, boolean strict) {
        int end = 0;
        while (end < length && raw[end] != 0) {
            end++;
        }
        if (!strict) {
            return new String(raw, 0, end, StandardCharsets.UTF_8);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = d.decode(ByteBuffer.wrap(raw, 0, end));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("invalid UTF-8 in a greeting of " + end + " bytes: " + e);
        }
    }
}
