package io.greetwire.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tasks an {@link javax.net.ssl.SSLEngine} delegates (certificate checks, key exchange,
 * signatures: the slow part of a handshake) off the selector loops, so that one handshake's
 * arithmetic never stalls the other connections of a loop. One pool per server or client, its
 * threads made on demand and ended by {@link #close()}.
 */
public final class TlsTasks implements AutoCloseable {
    private final ThreadPoolExecutor pool;

    /** A pool of up to {@code threads} daemon threads named {@code name-N}. */
    public TlsTasks(String name, int threads) {
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DaemonThreadFactory(name, true));
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the session's delegated tasks on the pool, then {@code then} (which hands the
     * connection back to its loop). Returns false if the pool is closed: the caller fails the
     * connection.
     */
    public boolean run(TlsSession session, Runnable then) {
        try {
            pool.execute(() -> {
                try {
                    for (Runnable t = session.delegatedTask(); t != null; t = session.delegatedTask()) {
                        t.run();
                    }
                } finally {
                    then.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Ends the threads, waiting up to five seconds for tasks in flight. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
