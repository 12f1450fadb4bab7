package io.greetwire;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link GreetingClient} fetches. Immutable; made with {@link #builder()}, validated on
 * {@link Builder#build()}: a bad value gets an {@link IllegalArgumentException} that names the
 * field and the value.
 */
public final class ClientConfig {
    /** Seconds to wait for the handshake: {@value}. */
    public static final long DEFAULT_CONNECT_TIMEOUT_SECONDS = 5;
    /** Seconds from connected to the server's close: {@value}. */
    public static final long DEFAULT_READ_TIMEOUT_SECONDS = 10;
    /** Largest greeting accepted, in bytes: {@value}. */
    public static final int DEFAULT_MAX_GREETING_BYTES = 64 * 1024;
    /** Largest value {@link Builder#maxGreetingBytes(int)} takes: {@value} (what one byte array holds). */
    public static final int MAX_GREETING_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int maxGreetingBytes;
    private final GreetingFormat format;
    private final boolean strictUtf8;
    private final ZoneId zone;
    private final int ioThreads;
    private final Map<String, String> options;
    private final ClientTls tls;

    private ClientConfig(Builder b) {
        this.connectTimeout = ConfigChecks.positive("connectTimeout", b.connectTimeout);
        this.readTimeout = ConfigChecks.positive("readTimeout", b.readTimeout);
        this.maxGreetingBytes = ConfigChecks.atLeast("maxGreetingBytes", 1, b.maxGreetingBytes);
        if (maxGreetingBytes > MAX_GREETING_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxGreetingBytes: must be at most " + MAX_GREETING_BYTES_LIMIT
                    + ", got " + maxGreetingBytes);
        }
        this.format = Objects.requireNonNull(b.format, "format");
        this.strictUtf8 = b.strictUtf8;
        this.zone = Objects.requireNonNull(b.zone, "zone");
        this.ioThreads = ConfigChecks.atLeast("ioThreads", 0, b.ioThreads);
        this.options = ConfigChecks.options(b.options);
        this.tls = b.tls;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A config with every default. */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.maxGreetingBytes = maxGreetingBytes;
        b.format = format;
        b.strictUtf8 = strictUtf8;
        b.zone = zone;
        b.ioThreads = ioThreads;
        b.options = new HashMap<>(options);
        b.tls = tls;
        return b;
    }

    /** Time allowed for the handshake, {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} s by default. */
    public Duration connectTimeout() { return connectTimeout; }

    /**
     * Time allowed from connected to the server's close, {@value #DEFAULT_READ_TIMEOUT_SECONDS} s by
     * default. A deadline for the whole greeting, not an idle time, so a server that drips one byte
     * a second cannot hold a client forever.
     */
    public Duration readTimeout() { return readTimeout; }

    /** Bytes beyond which the fetch fails with {@code TOO_LARGE}, {@value #DEFAULT_MAX_GREETING_BYTES} by default; enforced while reading. */
    public int maxGreetingBytes() { return maxGreetingBytes; }

    /** The format to decode, {@link GreetingFormat#SEED} by default. */
    public GreetingFormat format() { return format; }

    /** Whether invalid UTF-8 fails with {@code MALFORMED} rather than decoding to U+FFFD; false by default. */
    public boolean strictUtf8() { return strictUtf8; }

    /** The zone a greeting's trailing ctime stamp is read in; the system's by default. */
    public ZoneId zone() { return zone; }

    /** I/O threads (selector loops, event loops); 0, the default, lets the transport choose. */
    public int ioThreads() { return ioThreads; }

    /** Transport-specific options; each transport documents and checks its own. */
    public Map<String, String> options() { return options; }

    /** The TLS setting; empty (the default) for plain TCP. */
    public java.util.Optional<ClientTls> tls() { return java.util.Optional.ofNullable(tls); }

    /** One transport option, or {@code defaultValue}. */
    public String option(String key, String defaultValue) { return options.getOrDefault(key, defaultValue); }

    @Override
    public String toString() {
        return "ClientConfig{format=" + format + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", maxGreetingBytes=" + maxGreetingBytes + ", strictUtf8=" + strictUtf8
                + ", ioThreads=" + ioThreads + ", options=" + options + (tls == null ? "" : ", tls=" + tls) + '}';
    }

    /** Builds a {@link ClientConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_SECONDS);
        private Duration readTimeout = Duration.ofSeconds(DEFAULT_READ_TIMEOUT_SECONDS);
        private int maxGreetingBytes = DEFAULT_MAX_GREETING_BYTES;
        private GreetingFormat format = GreetingFormat.SEED;
        private boolean strictUtf8;
        private ZoneId zone = ZoneId.systemDefault();
        private int ioThreads;
        private Map<String, String> options = new HashMap<>();
        private ClientTls tls;

        private Builder() { }

        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }
        public Builder readTimeout(Duration timeout) { this.readTimeout = timeout; return this; }
        public Builder maxGreetingBytes(int max) { this.maxGreetingBytes = max; return this; }
        public Builder format(GreetingFormat format) { this.format = format; return this; }
        public Builder strictUtf8(boolean strict) { this.strictUtf8 = strict; return this; }
        public Builder zone(ZoneId zone) { this.zone = zone; return this; }
        public Builder ioThreads(int threads) { this.ioThreads = threads; return this; }
        public Builder option(String key, String value) { this.options.put(key, value); return this; }
        /** Speaks TLS with this setting; {@code null} (the default) for plain TCP. */
        public Builder tls(ClientTls tls) { this.tls = tls; return this; }

        /** @throws IllegalArgumentException naming the field and the value that is wrong */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
