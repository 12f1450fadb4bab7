package io.greetwire.bench;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of a benchmark: {@code raw} (the minimal blocking client, the floor of every
 * client) or a Greetwire transport's client ({@code blocking}, {@code nio}, {@code netty},
 * {@code netty/epoll}, ...).
 */
public abstract class BenchClient implements AutoCloseable {
    /** The name of the minimal blocking client. */
    public static final String RAW = "raw";

    /** Fetches one greeting; returns its length in bytes. */
    public abstract int fetch(SocketAddress server) throws Exception;

    /** Fetches one greeting without blocking; only for clients that are {@link #isAsync()}. */
    public CompletableFuture<Integer> fetchAsync(SocketAddress server) {
        throw new UnsupportedOperationException(describe() + " is not asynchronous");
    }

    /** Whether {@link #fetchAsync} runs without a thread per fetch (NIO, Netty); the others get threads. */
    public abstract boolean isAsync();

    /** {@return what runs, for the benchmark's log line (e.g. {@code netty/epoll})} */
    public abstract String describe();

    @Override
    public abstract void close();

    /** The client named; {@code maxBytes} is the largest greeting it must accept. */
    public static BenchClient create(String name, GreetingFormat format, int maxBytes, int ioThreads) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(RAW)) {
            return new Raw();
        }
        ClientConfig.Builder b = ClientConfig.builder()
                .format(format)
                .maxGreetingBytes(Math.max(ClientConfig.DEFAULT_MAX_GREETING_BYTES, maxBytes))
                .readTimeout(Duration.ofSeconds(30))
                .ioThreads(ioThreads);
        String flavour = Servers.flavourOf(n);
        if (flavour != null) {
            b.option(Servers.NETTY_FLAVOUR_OPTION, flavour);
        }
        String transport = Servers.transportOf(n);
        return new Greetwire(Servers.transport("client", n).newClient(b.build()), n,
                !transport.equals("blocking"));
    }

    /** Connect, read to end of stream into a reused buffer, close: nothing else. */
    static final class Raw extends BenchClient {
        private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

        @Override
        public int fetch(SocketAddress server) throws IOException {
            if (server instanceof UnixDomainSocketAddress) {
                return fetchUnix(server);
            }
            byte[] buf = BUFFER.get();
            int total = 0;
            // The channel's socket adaptor, as the transports: IPv4-only, no shutdown before the close.
            try (Socket s = Ipv4.open(server).socket()) {
                s.connect(server, 5_000);
                s.setSoTimeout(30_000);
                InputStream in = s.getInputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            }
            return total;
        }

        /** The same on a blocking Unix socket channel ({@code java.net.Socket} has none). */
        private static int fetchUnix(SocketAddress server) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(BUFFER.get());
            int total = 0;
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(server);
                int n;
                while ((n = ch.read(buf.clear())) >= 0) {
                    total += n;
                }
            }
            return total;
        }

        @Override
        public boolean isAsync() {
            return false;
        }

        @Override
        public String describe() {
            return RAW;
        }

        @Override
        public void close() {
            // nothing held
        }
    }

    static final class Greetwire extends BenchClient {
        private final GreetingClient client;
        private final String name;
        private final boolean async;

        Greetwire(GreetingClient client, String name, boolean async) {
            this.client = client;
            this.name = name;
            this.async = async;
        }

        @Override
        public int fetch(SocketAddress server) throws Exception {
            return client.fetch(server).length();
        }

        @Override
        public CompletableFuture<Integer> fetchAsync(SocketAddress server) {
            return client.fetchAsync(server).thenApply(io.greetwire.Greeting::length);
        }

        @Override
        public boolean isAsync() {
            return async;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
