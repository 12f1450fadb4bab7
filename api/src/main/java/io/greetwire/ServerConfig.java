package io.greetwire;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link GreetingServer} binds and greets. Immutable; made with {@link #builder()}, which
 * validates on {@link Builder#build()}: a bad value gets an {@link IllegalArgumentException} that
 * names the field and the value.
 *
 * <p>The defaults follow the seed where it is sound (all interfaces, port {@value #DEFAULT_PORT},
 * the seed's greeting) and bound every resource a peer could hold (write timeout, connection
 * limit). To serve only this machine, bind to loopback:
 * {@code ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress())}.
 *
 * <p>To serve on a Unix domain socket instead of TCP, set a path:
 * {@code ServerConfig.builder().unixPath(Path.of("/run/greet.sock"))}; the port and bind address
 * then do not apply, and the socket file gets the {@linkplain #socketPermissions() permissions}
 * {@value #DEFAULT_SOCKET_PERMISSIONS} by default.
 */
public final class ServerConfig {
    /** The seed's port: {@value}. */
    public static final int DEFAULT_PORT = 20_000;
    /** Pending connections the kernel may queue: {@value}. The seed used 10, too few under load. */
    public static final int DEFAULT_BACKLOG = 1_024;
    /** Connections open at once before new ones are refused: {@value}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Seconds a greeting may take to write before the connection is dropped: {@value}. */
    public static final long DEFAULT_WRITE_TIMEOUT_SECONDS = 10;
    /**
     * Send buffer, in bytes, of a connection whose greeting is larger: {@value}. Without a bound,
     * Linux grows a socket's send buffer to megabytes, takes a whole large greeting from a client
     * that never reads, and keeps it in kernel memory after the close; with it, such a client
     * stalls the write and is dropped at the write timeout.
     */
    public static final int DEFAULT_SEND_BUFFER_SIZE = 64 * 1024;
    /** Seconds {@code close()} waits for greetings in flight: {@value}. */
    public static final long DEFAULT_DRAIN_TIMEOUT_SECONDS = 5;

    /** Permissions of a Unix socket file, {@value}: owner and group may connect, others not. */
    public static final String DEFAULT_SOCKET_PERMISSIONS = "rw-rw----";
    /**
     * The longest Unix socket path in bytes, {@value}: Linux's {@code sun_path} holds 108 bytes,
     * the terminating NUL included.
     */
    public static final int MAX_UNIX_PATH_BYTES = 107;

    private final InetAddress bindAddress;
    private final Path unixPath;
    private final Set<PosixFilePermission> socketPermissions;
    private final int port;
    private final int backlog;
    private final GreetingFormat format;
    private final GreetingSource source;
    private final boolean sourceDefaulted;
    private final Duration writeTimeout;
    private final int maxConnections;
    private final int sendBufferSize;
    private final Duration drainTimeout;
    private final ConnectionListener listener;
    private final Clock clock;
    private final int ioThreads;
    private final Map<String, String> options;
    private final ServerTls tls;
    private final String jmxName;

    private ServerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = ConfigChecks.port(b.port);
        this.unixPath = ConfigChecks.unixPath(b.unixPath);
        if (unixPath != null && bindAddress != null) {
            throw new IllegalArgumentException("unixPath: cannot be combined with bindAddress " + bindAddress.getHostAddress()
                    + ", got " + unixPath);
        }
        this.socketPermissions = Set.copyOf(Objects.requireNonNull(b.socketPermissions, "socketPermissions"));
        this.backlog = ConfigChecks.atLeast("backlog", 1, b.backlog);
        this.format = Objects.requireNonNull(b.format, "format");
        this.sourceDefaulted = b.source == null;
        this.source = sourceDefaulted ? defaultSource(format) : b.source;
        this.writeTimeout = ConfigChecks.positive("writeTimeout", b.writeTimeout);
        this.maxConnections = ConfigChecks.atLeast("maxConnections", 1, b.maxConnections);
        this.sendBufferSize = ConfigChecks.atLeast("sendBufferSize", 0, b.sendBufferSize);
        this.drainTimeout = ConfigChecks.notNegative("drainTimeout", b.drainTimeout);
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.ioThreads = ConfigChecks.atLeast("ioThreads", 0, b.ioThreads);
        this.options = ConfigChecks.options(b.options);
        this.tls = b.tls;
        this.jmxName = ConfigChecks.jmxName(b.jmxName);
        checkGreetingFits();
    }

    /**
     * The greeting a format sends when none is set: the seed's for text formats, the ctime line for daytime.
     *
     * @param format the wire format
     * @return {@link GreetingSource#ctime()} for {@code DAYTIME}, else {@link GreetingSource#seed()}
     */
    public static GreetingSource defaultSource(GreetingFormat format) {
        return format == GreetingFormat.DAYTIME ? GreetingSource.ctime() : GreetingSource.seed();
    }

    /**
     * A builder with every default.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A config with every default: all interfaces, port {@value #DEFAULT_PORT}, the seed's greeting.
     *
     * @return the default config
     */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** {@return a builder holding this config's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.unixPath = unixPath;
        b.socketPermissions = socketPermissions;
        b.backlog = backlog;
        b.format = format;
        b.source = sourceDefaulted ? null : source; // so that a new format gets its own default
        b.writeTimeout = writeTimeout;
        b.maxConnections = maxConnections;
        b.sendBufferSize = sendBufferSize;
        b.drainTimeout = drainTimeout;
        b.listener = listener;
        b.clock = clock;
        b.ioThreads = ioThreads;
        b.options = new HashMap<>(options);
        b.tls = tls;
        b.jmxName = jmxName;
        return b;
    }

    // A text that cannot fit fails here, at build, rather than on every connection. Only a
    // per-connection source cannot be checked ahead; its failures count as SOURCE_ERROR.
    private void checkGreetingFits() {
        if (source.variability() != GreetingSource.Variability.PER_CONNECTION) {
            GreetingContext ctx = new GreetingContext(null, null, clock.instant(), clock.getZone());
            format.encode(source.text(ctx), ctx.now());
        }
    }

    /** {@return the address to bind, {@code null} for all interfaces (the default, like the seed)} */
    public InetAddress bindAddress() { return bindAddress; }

    /** {@return the port, {@value #DEFAULT_PORT} by default; 0 asks for an ephemeral port} */
    public int port() { return port; }

    /**
     * {@return the Unix domain socket path to bind instead of TCP, {@code null} (the default) for TCP}
     * At most {@value #MAX_UNIX_PATH_BYTES} bytes; the server refuses to start over an existing
     * file that is not a stale socket, replaces a stale one and deletes its own on close.
     */
    public Path unixPath() { return unixPath; }

    /** {@return whether the server listens on a Unix domain socket ({@link #unixPath()} is set)} */
    public boolean isUnix() { return unixPath != null; }

    /**
     * {@return the permissions the Unix socket file gets, {@value #DEFAULT_SOCKET_PERMISSIONS} by default}
     * Connecting needs write permission on the file. Unused over TCP.
     */
    public Set<PosixFilePermission> socketPermissions() { return socketPermissions; }

    /**
     * {@return the address to bind: a {@link UnixDomainSocketAddress} if {@link #unixPath()} is set,
     * else an {@link InetSocketAddress} of the bind address and port}
     */
    public SocketAddress socketAddress() {
        if (unixPath != null) {
            return UnixDomainSocketAddress.of(unixPath);
        }
        return bindAddress == null ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress, port);
    }

    /** {@return the listen backlog, {@value #DEFAULT_BACKLOG} by default} */
    public int backlog() { return backlog; }

    /** {@return the wire format, {@link GreetingFormat#SEED} by default} */
    public GreetingFormat format() { return format; }

    /** {@return the greeting source; by default {@link #defaultSource(GreetingFormat)}} */
    public GreetingSource source() { return source; }

    /** {@return how long a greeting may take to write, {@value #DEFAULT_WRITE_TIMEOUT_SECONDS} s by default} */
    public Duration writeTimeout() { return writeTimeout; }

    /** {@return connections open at once, {@value #DEFAULT_MAX_CONNECTIONS} by default; more are refused and counted} */
    public int maxConnections() { return maxConnections; }

    /**
     * {@return SO_SNDBUF for TCP connections whose greeting is larger than this, {@value #DEFAULT_SEND_BUFFER_SIZE}
     * by default; 0 leaves the buffer to the kernel} Smaller greetings never pay the system call, and
     * Unix sockets keep the kernel's default, which is fixed (it never grows) and a bound already.
     * The bound is what keeps a client that never reads to little kernel memory. A client that
     * has taken 16 times the bound has read, and its buffer grows to 4 times the bound, so that a
     * large greeting is not slowed for the clients that read it. Until then a greeting goes at
     * about twice the bound per round trip, which clients across long paths notice: raise it for them.
     */
    public int sendBufferSize() { return sendBufferSize; }

    /** {@return how long {@code close()} lets greetings finish, {@value #DEFAULT_DRAIN_TIMEOUT_SECONDS} s by default; zero closes at once} */
    public Duration drainTimeout() { return drainTimeout; }

    /** {@return the connection listener, {@link ConnectionListener#NONE} by default} */
    public ConnectionListener listener() { return listener; }

    /** {@return the clock greetings are stamped with, and its zone; {@link Clock#systemDefaultZone()} by default} */
    public Clock clock() { return clock; }

    /** {@return I/O threads (event loops, acceptors); 0, the default, lets the transport choose} */
    public int ioThreads() { return ioThreads; }

    /** {@return transport-specific options ({@code netty.flavour=epoll}, ...); each transport documents and checks its own} */
    public Map<String, String> options() { return options; }

    /** {@return the TLS setting; empty (the default) for plain TCP} */
    public java.util.Optional<ServerTls> tls() { return java.util.Optional.ofNullable(tls); }

    /**
     * One transport option.
     *
     * @param key the option's name
     * @param defaultValue what to return when the option is not set
     * @return the option's value, or {@code defaultValue}
     */
    public String option(String key, String defaultValue) { return options.getOrDefault(key, defaultValue); }

    /**
     * The name of the server's JMX MBean, {@code null} (the default) for none. With a name,
     * {@link GreetingServer#start()} registers the server's stats in the platform MBean server as
     * {@code io.greetwire:type=GreetingServer,name=<name>} and {@link GreetingServer#close()}
     * unregisters them. On the module path this needs the {@code java.management} module
     * ({@code --add-modules java.management} unless another module requires it).
     */
    public String jmxName() { return jmxName; }

    @Override
    public String toString() {
        String bind = unixPath != null ? "unix:" + unixPath + " " + PosixFilePermissions.toString(socketPermissions)
                : (bindAddress == null ? "*" : bindAddress.getHostAddress()) + ":" + port;
        return "ServerConfig{bind=" + bind
                + ", format=" + format + ", backlog=" + backlog + ", writeTimeout=" + writeTimeout
                + ", maxConnections=" + maxConnections + ", sendBufferSize=" + sendBufferSize + ", drainTimeout=" + drainTimeout
                + ", ioThreads=" + ioThreads + ", options=" + options
                + (jmxName == null ? "" : ", jmxName=" + jmxName)
                + (tls == null ? "" : ", tls=" + tls) + '}';
    }

    /** Builds a {@link ServerConfig}. Not thread-safe. */
    public static final class Builder {
        private InetAddress bindAddress;
        private int port = DEFAULT_PORT;
        private Path unixPath;
        private Set<PosixFilePermission> socketPermissions = PosixFilePermissions.fromString(DEFAULT_SOCKET_PERMISSIONS);
        private int backlog = DEFAULT_BACKLOG;
        private GreetingFormat format = GreetingFormat.SEED;
        private GreetingSource source;
        private Duration writeTimeout = Duration.ofSeconds(DEFAULT_WRITE_TIMEOUT_SECONDS);
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int sendBufferSize = DEFAULT_SEND_BUFFER_SIZE;
        private Duration drainTimeout = Duration.ofSeconds(DEFAULT_DRAIN_TIMEOUT_SECONDS);
        private ConnectionListener listener = ConnectionListener.NONE;
        private Clock clock = Clock.systemDefaultZone();
        private int ioThreads;
        private Map<String, String> options = new HashMap<>();
        private ServerTls tls;
        private String jmxName;

        private Builder() { }

        /**
         * Sets the address to bind; {@code null}, the default, for all interfaces.
         *
         * @param address a local address, or {@code null}
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) { this.bindAddress = address; return this; }

        /**
         * Sets the port; {@value ServerConfig#DEFAULT_PORT} by default, 0 for an ephemeral one.
         *
         * @param port 0 to 65535
         * @return this builder
         */
        public Builder port(int port) { this.port = port; return this; }

        /**
         * Sets the Unix domain socket to serve on instead of TCP; {@code null}, the default, for TCP.
         *
         * @param path the socket file's path, at most {@value ServerConfig#MAX_UNIX_PATH_BYTES} bytes
         * @return this builder
         */
        public Builder unixPath(Path path) { this.unixPath = path; return this; }

        /**
         * Sets the address to bind, either kind: an {@link InetSocketAddress} sets the bind address (its
         * wildcard meaning all interfaces) and port and clears any Unix path; a
         * {@link UnixDomainSocketAddress} sets {@link #unixPath(Path)}.
         *
         * @param address an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}
         * @return this builder
         * @throws IllegalArgumentException for an unresolved host name or another address type
         */
        public Builder address(SocketAddress address) {
            Objects.requireNonNull(address, "address");
            if (address instanceof UnixDomainSocketAddress) {
                this.unixPath = ((UnixDomainSocketAddress) address).getPath();
                this.bindAddress = null;
                return this;
            }
            if (address instanceof InetSocketAddress) {
                InetSocketAddress a = (InetSocketAddress) address;
                if (a.isUnresolved()) {
                    throw new IllegalArgumentException("address: unresolved host, got " + a);
                }
                this.bindAddress = a.getAddress().isAnyLocalAddress() ? null : a.getAddress();
                this.port = a.getPort();
                this.unixPath = null;
                return this;
            }
            throw new IllegalArgumentException("address: must be an InetSocketAddress or a UnixDomainSocketAddress, got "
                    + address.getClass().getName() + " " + address);
        }

        /**
         * Sets the Unix socket file's permissions; {@value ServerConfig#DEFAULT_SOCKET_PERMISSIONS}
         * by default. Unused over TCP.
         *
         * @param permissions POSIX permissions; connecting needs write permission
         * @return this builder
         */
        public Builder socketPermissions(Set<PosixFilePermission> permissions) {
            this.socketPermissions = permissions;
            return this;
        }

        /**
         * Sets the listen backlog; {@value ServerConfig#DEFAULT_BACKLOG} by default.
         *
         * @param backlog 1 or more
         * @return this builder
         */
        public Builder backlog(int backlog) { this.backlog = backlog; return this; }

        /**
         * Sets the wire format; {@link GreetingFormat#SEED} by default.
         *
         * @param format not null
         * @return this builder
         */
        public Builder format(GreetingFormat format) { this.format = format; return this; }

        /**
         * Sets where greetings come from; by default {@link ServerConfig#defaultSource(GreetingFormat)}
         * of the format.
         *
         * @param source not null
         * @return this builder
         */
        public Builder source(GreetingSource source) { this.source = source; return this; }

        /**
         * Sets a fixed greeting text; shorthand for {@code source(GreetingSource.fixed(text))}.
         *
         * @param text the greeting
         * @return this builder
         */
        public Builder greeting(String text) { this.source = GreetingSource.fixed(text); return this; }

        /**
         * Sets how long a greeting may take to write before the connection is reset and counted
         * {@link FailureReason#WRITE_TIMEOUT}; {@value ServerConfig#DEFAULT_WRITE_TIMEOUT_SECONDS} s by default.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder writeTimeout(Duration timeout) { this.writeTimeout = timeout; return this; }

        /**
         * Sets how many connections may be open at once; more are closed at once and counted
         * {@link FailureReason#OVER_LIMIT}. {@value ServerConfig#DEFAULT_MAX_CONNECTIONS} by default.
         *
         * @param max 1 or more
         * @return this builder
         */
        public Builder maxConnections(int max) { this.maxConnections = max; return this; }

        /**
         * Sets SO_SNDBUF for connections whose greeting is larger (growing 4 times once the
         * client has taken 16 times it, see {@link ServerConfig#sendBufferSize()});
         * {@value ServerConfig#DEFAULT_SEND_BUFFER_SIZE} by default, 0 leaves it to the kernel.
         *
         * @param bytes 0 or more
         * @return this builder
         */
        public Builder sendBufferSize(int bytes) { this.sendBufferSize = bytes; return this; }

        /**
         * Sets how long {@code close()} lets greetings in flight finish;
         * {@value ServerConfig#DEFAULT_DRAIN_TIMEOUT_SECONDS} s by default, zero resets them at once.
         *
         * @param timeout zero or positive
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) { this.drainTimeout = timeout; return this; }

        /**
         * Sets the listener told of every connection, on the I/O threads;
         * {@link ConnectionListener#NONE} by default.
         *
         * @param listener not null
         * @return this builder
         */
        public Builder listener(ConnectionListener listener) { this.listener = listener; return this; }

        /**
         * Sets the clock greetings are stamped with, and its zone; {@link Clock#systemDefaultZone()}
         * by default.
         *
         * @param clock not null
         * @return this builder
         */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /**
         * Sets the number of I/O threads (event loops, acceptors); 0, the default, lets the
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
         * @param key the option's name, such as {@code nio.inlineLimit}
         * @param value its value
         * @return this builder
         */
        public Builder option(String key, String value) { this.options.put(key, value); return this; }
        /** Speaks TLS with this setting; {@code null} (the default) for plain TCP. */
        public Builder tls(ServerTls tls) { this.tls = tls; return this; }
        /** Registers the server as a JMX MBean under this name while it runs; {@code null} for none. See {@link ServerConfig#jmxName()}. */
        public Builder jmxName(String name) { this.jmxName = name; return this; }

        /**
         * Checks every value and makes the config.
         *
         * @return the config
         * @throws IllegalArgumentException naming the field and the value that is wrong
         */
        public ServerConfig build() {
            return new ServerConfig(this);
        }
    }
}
