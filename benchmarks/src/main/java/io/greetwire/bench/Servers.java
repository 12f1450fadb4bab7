package io.greetwire.bench;

import io.greetwire.GreetingContext;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Starts the server a benchmark parameter names, on an ephemeral loopback port.
 *
 * <p>Names: a Greetwire transport as {@link Transports#get(String)} knows it ({@code blocking},
 * {@code nio}, {@code netty}), optionally with a Netty flavour ({@code netty/epoll},
 * {@code netty/io_uring}, {@code netty/nio}; plain {@code netty} is {@code auto}); or a baseline:
 * {@code base-blocking}, {@code base-nio}, {@code base-netty} (also with a flavour).
 */
public final class Servers {
    /** Prefix of the hand-written baselines. */
    public static final String BASE_PREFIX = "base-";
    /**
     * A system property that overrides the Greetwire servers' {@code sendBufferSize} (the bound for
     * clients that never read; 0 turns it off), to measure what the bound costs:
     * {@code -jvmArgsAppend -Dgreetwire.bench.sendBufferSize=0}.
     */
    public static final String SEND_BUFFER_PROPERTY = "greetwire.bench.sendBufferSize";
    /** The Netty transport's option that selects its flavour. */
    public static final String NETTY_FLAVOUR_OPTION = "netty.flavour";

    private Servers() { }

    /** What a server sends: the format, and a fixed text or {@code null} for the format's default. */
    public record Greeting(GreetingFormat format, String text) {
        /** The bytes on the wire, as the baselines send them (encoded once). */
        byte[] bytes() {
            Instant now = Instant.now();
            String t = text != null ? text
                    : ServerConfig.defaultSource(format).text(new GreetingContext(null, null, now, ZoneId.systemDefault()));
            return format.encode(t, now);
        }

        GreetingSource source() {
            return text != null ? GreetingSource.fixed(text) : ServerConfig.defaultSource(format);
        }
    }

    /** Whether {@code name} is a baseline. */
    public static boolean isBaseline(String name) {
        return name.startsWith(BASE_PREFIX);
    }

    /** The baseline of the I/O model {@code name} belongs to ({@code nio} → {@code base-nio}); a baseline is its own. */
    public static String baselineOf(String name) {
        return isBaseline(name) ? name : BASE_PREFIX + name;
    }

    /** The transport part of a name: {@code netty/epoll} → {@code netty}. */
    static String transportOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    /** The flavour part of a name, or {@code null}: {@code netty/epoll} → {@code epoll}. */
    static String flavourOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? null : name.substring(slash + 1);
    }

    /**
     * The Greetwire transport named; fails with a message that says how to restrict the run when
     * the transport is not in this jar.
     */
    static GreetingTransport transport(String role, String name) {
        try {
            return Transports.get(transportOf(name));
        } catch (IllegalArgumentException e) {
            String available = Transports.available().stream().map(GreetingTransport::name)
                    .collect(Collectors.joining(","));
            throw new IllegalStateException(role + " '" + name + "' cannot run: " + e.getMessage()
                    + ". This benchmarks.jar was built without it; rebuild after it lands, or leave it out,"
                    + " e.g. -p " + role + "=" + (available.isEmpty() ? "" : available + ",") + (role.equals("server") ? "base-blocking,base-nio,base-netty" : BenchClient.RAW), e);
        }
    }

    /** Starts the server {@code name} greeting with {@code greeting}; {@code ioThreads} loops where it has loops. */
    /** The prefix of system properties that set a Greetwire server's transport options: {@value}. */
    static final String OPTION_PROPERTY_PREFIX = "greetwire.bench.option.";

    public static BenchServer start(String name, Greeting greeting, int ioThreads) throws IOException, InterruptedException {
        return start(name, greeting, ioThreads, 0);
    }

    /** Starts the server {@code name} on loopback port {@code port} (0 for an ephemeral one). */
    public static BenchServer start(String name, Greeting greeting, int ioThreads, int port)
            throws IOException, InterruptedException {
        return start(name, greeting, ioThreads, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Starts the server {@code name} on {@code address}: loopback and a port, or a Unix socket path. */
    public static BenchServer start(String name, Greeting greeting, int ioThreads, java.net.SocketAddress address)
            throws IOException, InterruptedException {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (isBaseline(n)) {
            String model = transportOf(n.substring(BASE_PREFIX.length()));
            switch (model) {
                case "blocking":
                    return new BaselineBlockingServer(greeting.bytes(), address);
                case "nio":
                    return new BaselineNioServer(greeting.bytes(), address);
                case "netty":
                    return new BaselineNettyServer(greeting.bytes(), NettyFlavour.resolve(flavourOf(n)), ioThreads, address);
                default:
                    throw new IllegalArgumentException("unknown baseline '" + name
                            + "'; known: base-blocking, base-nio, base-netty, base-netty/{io_uring,epoll,nio}");
            }
        }
        GreetingTransport t = transport("server", n);
        ServerConfig.Builder b = ServerConfig.builder()
                .address(address)
                .format(greeting.format())
                .source(greeting.source())
                .ioThreads(ioThreads)
                .drainTimeout(Duration.ofSeconds(2));
        String sendBuffer = System.getProperty(SEND_BUFFER_PROPERTY);
        if (sendBuffer != null) {
            b.sendBufferSize(Integer.parseInt(sendBuffer));
        }
        if (flavourOf(n) != null) {
            b.option(NETTY_FLAVOUR_OPTION, flavourOf(n));
        }
        // -Dgreetwire.bench.option.K=V sets the transport option K (A/B runs: netty.inlineLimit=0).
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(OPTION_PROPERTY_PREFIX)) {
                b.option(key.substring(OPTION_PROPERTY_PREFIX.length()), System.getProperty(key));
            }
        }
        GreetingServer server = t.newServer(b.build());
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new Wrapped(server);
    }

    private static final class Wrapped implements BenchServer {
        private final GreetingServer server;
        private final java.net.SocketAddress address;

        Wrapped(GreetingServer server) {
            this.server = server;
            this.address = server.localAddress();
        }

        @Override
        public java.net.SocketAddress address() {
            return address;
        }

        @Override
        public String describe() {
            return server.stats().transport();
        }

        @Override
        public long greeted() {
            return server.stats().greeted();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
