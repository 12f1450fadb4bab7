package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.ClientTls;
import io.greetwire.internal.AbstractGreetingClient;
import io.greetwire.internal.BufferPool;
import io.greetwire.internal.CallerThreadFetch;
import io.greetwire.internal.DaemonThreadFactory;
import io.greetwire.internal.GreetingReader;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code fetch} runs on the caller's thread ({@link CallerThreadFetch} for IP addresses,
 * {@link BlockingTls} for TLS over TCP, {@code UnixFetch} for Unix sockets with or without TLS);
 * {@code fetchAsync} on a pool made at its first use
 * (platform threads, bounded by {@code blocking.maxThreads}, or virtual threads).
 */
final class BlockingClient extends AbstractGreetingClient {
    /** Set on the client's own pool threads, where close() (from a future's callback) must not await the pool. */
    private static final ThreadLocal<BlockingClient> POOL_OF = new ThreadLocal<>();

    private final BlockingOptions options;
    private final ClientTls tls;
    private final BufferPool pool;
    private final CallerThreadFetch direct;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile boolean closed;
    private ExecutorService executor;
    private ScheduledThreadPoolExecutor timer;

    BlockingClient(ClientConfig config, BlockingOptions options) {
        super(config);
        this.options = options;
        this.tls = config.tls().orElse(null);
        this.pool = tls == null ? null : new BufferPool(BufferPool.TLS_BUFFER, 64);
        this.direct = new CallerThreadFetch(config);
    }

    @Override
    public Greeting fetch(SocketAddress server) throws GreetingException {
        if (server instanceof UnixDomainSocketAddress) {
            GreetingReader reader = new GreetingReader(config, server);
            if (closed) {
                throw reader.failure(GreetingException.Kind.CLOSED, "the client is closed", null);
            }
            return fetchUnix((UnixDomainSocketAddress) server, reader);
        }
        if (tls != null) {
            return fetchTls(server);
        }
        return direct.fetch(server);
    }

    /** A TCP fetch over TLS on the calling thread: the handshake within connectTimeout, then the greeting. */
    private Greeting fetchTls(SocketAddress server) throws GreetingException {
        GreetingReader reader = new GreetingReader(config, server);
        if (closed) {
            throw reader.failure(GreetingException.Kind.CLOSED, "the client is closed", null);
        }
        java.net.Socket socket = new java.net.Socket();
        open.add(socket);
        if (closed) { // close() may have run between the check above and the add
            open.remove(socket);
            throw reader.failure(GreetingException.Kind.CLOSED, "the client is closed", null);
        }
        try {
            socket.connect(server, timeoutMillis(config.connectTimeout().toNanos()));
            reader.connected(socket.getLocalSocketAddress());
            return BlockingTls.fetch(socket, reader, config, tls, pool);
        } catch (java.net.SocketTimeoutException e) {
            throw reader.failure(reader.isTlsDone() ? GreetingException.Kind.READ_TIMEOUT
                    : GreetingException.Kind.CONNECT_TIMEOUT, timeoutDetail(reader), e);
        } catch (IOException e) {
            if (closed) {
                throw reader.failure(GreetingException.Kind.CLOSED, "the client was closed during the fetch", e);
            }
            throw reader.failure(e);
        } finally {
            open.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // the fetch's outcome is already decided
            }
        }
    }

    private Greeting fetchUnix(UnixDomainSocketAddress server, GreetingReader reader) throws GreetingException {
        UnixFetch fetch;
        try {
            fetch = new UnixFetch(config, server);
        } catch (IOException e) {
            throw reader.failure(e);
        }
        open.add(fetch);
        try {
            ScheduledThreadPoolExecutor t = timer();
            if (t == null) { // close() ran before the add
                throw reader.failure(GreetingException.Kind.CLOSED, "the client is closed", null);
            }
            return fetch.run(reader, t, tls, pool);
        } catch (RejectedExecutionException e) { // the timer was shut down: close() ran meanwhile
            throw reader.failure(GreetingException.Kind.CLOSED, "the client was closed during the fetch", e);
        } catch (GreetingException e) {
            if (closed && e.kind() != GreetingException.Kind.CLOSED) {
                throw reader.failure(GreetingException.Kind.CLOSED, "the client was closed during the fetch", e);
            }
            throw e;
        } finally {
            open.remove(fetch);
            fetch.close();
        }
    }

    /** The deadlines of Unix socket fetches: one daemon thread, made at the first such fetch; null once closed. */
    private ScheduledThreadPoolExecutor timer() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (timer == null) {
                timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("greetwire-blocking-client-timer", true));
                timer.setRemoveOnCancelPolicy(true);
            }
            return timer;
        }
    }

    private String timeoutDetail(GreetingReader reader) {
        if (tls != null && reader.isConnected() && !reader.isTlsDone()) {
            return "no TLS handshake within connectTimeout=" + config.connectTimeout();
        }
        return reader.isConnected()
                ? "no close within readTimeout=" + config.readTimeout() + " (" + reader.size() + " bytes read)"
                : "no handshake within connectTimeout=" + config.connectTimeout();
    }

    static int timeoutMillis(long nanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
    }

    @Override
    public CompletableFuture<Greeting> fetchAsync(SocketAddress server) {
        CompletableFuture<Greeting> f = new CompletableFuture<>();
        try {
            executor().execute(() -> {
                POOL_OF.set(this);
                try {
                    f.complete(fetch(server));
                } catch (GreetingException e) {
                    f.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException | IllegalStateException e) {
            f.completeExceptionally(new GreetingException(GreetingException.Kind.CLOSED, server, "the client is closed"));
        }
        return f;
    }

    private ExecutorService executor() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (executor == null) {
                executor = options.newExecutor("greetwire-blocking-client");
            }
            return executor;
        }
    }

    @Override
    public void close() {
        ExecutorService e;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            e = executor;
        }
        direct.close();
        for (AutoCloseable s : open) {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing to wake the reader; nothing to report
            }
        }
        ScheduledThreadPoolExecutor t;
        synchronized (lock) {
            t = timer;
        }
        if (t != null) {
            t.shutdownNow();
        }
        if (e != null) {
            // Not shutdownNow(): it would drop queued fetches whose futures then never complete.
            // Queued fetches run, see the client closed and fail at once with CLOSED.
            e.shutdown();
            if (POOL_OF.get() == this) {
                return; // a thread of the pool cannot wait for the pool to end
            }
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
