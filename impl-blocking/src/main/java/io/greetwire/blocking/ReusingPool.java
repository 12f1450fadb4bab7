package io.greetwire.blocking;

import io.greetwire.internal.DaemonThreadFactory;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool of daemon platform threads that hands a task to an idle thread first, starts a
 * new one only when every thread is busy, and queues beyond {@code maxThreads}.
 *
 * <p>Why not {@code new ThreadPoolExecutor(max, max, ..., new LinkedBlockingQueue<>())}: below its
 * core size that pool starts a new thread for every task even when others are idle, so each of the
 * first {@code max} large greetings paid for a thread start (a 1 MiB greeting cost the blocking
 * server five times the CPU of its baseline).
 */
final class ReusingPool {
    private static final long IDLE_SECONDS = 10;

    private ReusingPool() { }

    /** A new pool; threads named {@code prefix-N}, ended after {@value #IDLE_SECONDS} s idle. */
    static ThreadPoolExecutor create(String prefix, int maxThreads) {
        HandOffQueue queue = new HandOffQueue();
        return new ThreadPoolExecutor(0, maxThreads, IDLE_SECONDS, TimeUnit.SECONDS, queue,
                new DaemonThreadFactory(prefix, true), (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the pool " + prefix + " is shut down");
                    }
                    queue.add(task); // every thread busy and no room for another: wait for one
                });
    }

    /** Accepts a task only if an idle thread takes it at once; otherwise the pool grows, then queues. */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }
    }
}
