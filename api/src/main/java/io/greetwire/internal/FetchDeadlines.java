package io.greetwire.internal;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadlines of synchronous fetches blocked in a connect or a read: one daemon thread
 * ({@code greetwire-fetch-deadlines-N}, started at the first fetch) that closes the channel of a
 * fetch whose deadline has passed, checking every {@value #TICK_MILLIS} ms while fetches are
 * pending and parked while none is.
 *
 * <p>Why not the socket adaptor's timeouts: each timed connect or read switches the channel to
 * non-blocking mode and back, four {@code fcntl} calls per call, twelve per fetch; a fully blocking
 * channel whose deadline is kept here makes none. A deadline fires up to one tick late.
 */
final class FetchDeadlines {
    /** How often pending deadlines are checked: {@value} ms. */
    static final long TICK_MILLIS = 10;
    private static final AtomicInteger IDS = new AtomicInteger();

    /** One fetch's channel and deadline. */
    static final class Pending {
        final Channel channel;
        volatile long deadline;
        volatile boolean expired;

        Pending(Channel channel, long deadline) {
            this.channel = channel;
            this.deadline = deadline;
        }
    }

    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private volatile Thread thread;
    private volatile boolean parked;
    private volatile boolean closed;

    /** Watches {@code p} until {@link #remove}; false if these deadlines are closed. */
    boolean add(Pending p) {
        if (closed) {
            return false;
        }
        pending.add(p);
        Thread t = thread;
        if (t == null) {
            t = start();
            if (t == null) {
                pending.remove(p);
                return false;
            }
        }
        if (parked) {
            LockSupport.unpark(t);
        }
        return true;
    }

    void remove(Pending p) {
        pending.remove(p);
    }

    /** Ends the thread; pending fetches are the caller's to fail (it closes their channels). */
    void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = thread;
        }
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private Thread start() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (thread == null) {
                Thread t = new Thread(this::run, "greetwire-fetch-deadlines-" + IDS.incrementAndGet());
                t.setDaemon(true);
                t.start();
                thread = t;
            }
            return thread;
        }
    }

    private void run() {
        long tick = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
        while (!closed) {
            if (pending.isEmpty()) {
                parked = true;
                if (pending.isEmpty() && !closed) { // re-checked: an add() that missed the flag is seen here
                    LockSupport.park(this);
                }
                parked = false;
                continue;
            }
            long now = System.nanoTime();
            for (Pending p : pending) {
                if (now - p.deadline >= 0 && !p.expired) {
                    p.expired = true;
                    try {
                        p.channel.close(); // the blocked connect or read ends with AsynchronousCloseException
                    } catch (IOException ignored) {
                        // closed either way
                    }
                }
            }
            LockSupport.parkNanos(this, tick);
        }
    }
}
