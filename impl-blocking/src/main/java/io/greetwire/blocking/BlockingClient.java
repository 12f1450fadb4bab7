package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.internal.AbstractGreetingClient;
import io.greetwire.internal.CallerThreadFetch;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code fetch} runs on the caller's thread ({@link CallerThreadFetch}); {@code fetchAsync} on a
 * pool made at its first use (platform threads, bounded by {@code blocking.maxThreads}, or virtual
 * threads).
 */
final class BlockingClient extends AbstractGreetingClient {
    /** Set on the client's own pool threads, where close() (from a future's callback) must not await the pool. */
    private static final ThreadLocal<BlockingClient> POOL_OF = new ThreadLocal<>();

    private final BlockingOptions options;
    private final CallerThreadFetch direct;
    private final Object lock = new Object();
    private volatile boolean closed;
    private ExecutorService executor;

    BlockingClient(ClientConfig config, BlockingOptions options) {
        super(config);
        this.options = options;
        this.direct = new CallerThreadFetch(config);
    }

    @Override
    public Greeting fetch(SocketAddress server) throws GreetingException {
        return direct.fetch(server);
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
