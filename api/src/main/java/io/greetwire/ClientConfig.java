package io.greetwire;

import java.time.Clock;
import java.time.Duration;
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
    private final Clock clock;
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
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.ioThreads = ConfigChecks.atLeast("ioThreads", 0, b.ioThreads);
        this.options = ConfigChecks.options(b.options);
        this.tls = b.tls;
    }

    /** {@return a builder with every default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a config with every default} */
    public static ClientConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.maxGreetingBytes = maxGreetingBytes;
        b.format = format;
        b.strictUtf8 = strictUtf8;
        b.clock = clock;
        b.ioThreads = ioThreads;
        b.options = new HashMap<>(options);
        b.tls = tls;
        return b;
    }

    /** {@return time allowed for the handshake, {@value #DEFAULT_CONNECT_TIMEOUT_SECONDS} s by default} */
    public Duration connectTimeout() { return connectTimeout; }

    /**
     * {@return the time allowed from connected to the server's close, {@value #DEFAULT_READ_TIMEOUT_SECONDS} s by
     * default} A deadline for the whole greeting, not an idle time, so a server that drips one byte
     * a second cannot hold a client forever.
     */
    public Duration readTimeout() { return readTimeout; }

    /** {@return bytes beyond which the fetch fails with {@code TOO_LARGE}, {@value #DEFAULT_MAX_GREETING_BYTES} by default; enforced while reading} */
    public int maxGreetingBytes() { return maxGreetingBytes; }

    /** {@return the format to decode, {@link GreetingFormat#SEED} by default} */
    public GreetingFormat format() { return format; }

    /** {@return whether invalid UTF-8 fails with {@code MALFORMED} rather than decoding to U+FFFD; false by default} */
    public boolean strictUtf8() { return strictUtf8; }

    /**
     * {@return the clock whose zone a greeting's trailing ctime stamp is read in (ctime carries no
     * zone), like {@link ServerConfig#clock()} on the server side; {@link Clock#systemDefaultZone()}
     * by default} Only its zone is used.
     */
    public Clock clock() { return clock; }

    /** {@return I/O threads (selector loops, event loops); 0, the default, lets the transport choose} */
    public int ioThreads() { return ioThreads; }

    /** {@return transport-specific options; each transport documents and checks its own} */
    public Map<String, String> options() { return options; }

    /** {@return the TLS setting; empty (the default) for plain TCP} */
    public java.util.Optional<ClientTls> tls() { return java.util.Optional.ofNullable(tls); }

    /**
     * One transport option.
     *
     * @param key the option's name
     * @param defaultValue what to return when the option is not set
     * @return the option's value, or {@code defaultValue}
     */
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
        private Clock clock = Clock.systemDefaultZone();
        private int ioThreads;
        private Map<String, String> options = new HashMap<>();
        private ClientTls tls;

        private Builder() { }

        /**
         * Sets the time allowed for the handshake; {@value ClientConfig#DEFAULT_CONNECT_TIMEOUT_SECONDS} s by default.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) { this.connectTimeout = timeout; return this; }

        /**
         * Sets the time allowed from connected to the server's close, a deadline for the whole
         * greeting; {@value ClientConfig#DEFAULT_READ_TIMEOUT_SECONDS} s by default.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) { this.readTimeout = timeout; return this; }

        /**
         * Sets the largest greeting accepted, in bytes; {@value ClientConfig#DEFAULT_MAX_GREETING_BYTES} by default.
         *
         * @param max 1 to {@value ClientConfig#MAX_GREETING_BYTES_LIMIT}
         * @return this builder
         */
        public Builder maxGreetingBytes(int max) { this.maxGreetingBytes = max; return this; }

        /**
         * Sets the format to decode; {@link GreetingFormat#SEED} by default.
         *
         * @param format not null
         * @return this builder
         */
        public Builder format(GreetingFormat format) { this.format = format; return this; }

        /**
         * Sets whether invalid UTF-8 fails with {@code MALFORMED} rather than decoding to U+FFFD;
         * false by default.
         *
         * @param strict true to fail on invalid UTF-8
         * @return this builder
         */
        public Builder strictUtf8(boolean strict) { this.strictUtf8 = strict; return this; }

        /**
         * Sets the clock whose zone a ctime stamp is read in; {@link Clock#systemDefaultZone()} by
         * default. For a server in another zone, {@code Clock.system(ZoneId.of("Europe/Paris"))}.
         *
         * @param clock not null
         * @return this builder
         */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /**
         * Sets the number of I/O threads (selector loops, event loops); 0, the default, lets the
         * transport choose.
         *
         * @param threads 0 or more
         * @return this builder
         */
        public Builder ioThreads(int threads) { this.ioThreads = threads; return this; }

        /**
         * Sets one transport-specific option ({@code netty.flavour=epoll}, ...); none by default.
         * Each transport checks the keys of its own namespace and ignores the others'.
         *
         * @param key the option's name, such as {@code nio.acceptBatch}
         * @param value its value
         * @return this builder
         */
        public Builder option(String key, String value) { this.options.put(key, value); return this; }
        /** Speaks TLS with this setting; {@code null} (the default) for plain TCP. */
        public Builder tls(ClientTls tls) { this.tls = tls; return this; }

        /**
         * Checks every value and makes the config.
         *
         * @return the config
         * @throws IllegalArgumentException naming the field and the value that is wrong
         */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
