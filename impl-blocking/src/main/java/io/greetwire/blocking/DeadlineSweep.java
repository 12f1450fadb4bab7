package io.greetwire.blocking;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The handshake and write deadlines of the connections in flight, enforced by one sweep that
 * runs every {@link #period} while any is in flight, instead of a timer task per connection.
 *
 * <p>Why: a {@code ScheduledThreadPoolExecutor} signals its thread whenever a new task becomes the
 * head of its queue, which for a server whose large greetings finish before the next one starts
 * is every connection: one wake-up of a third thread per greeting, about 15 % of a 1 MiB greeting's
 * server CPU over a Unix socket. The sweep wakes at most twice a period however many connections
 * come and go, at the price of firing up to one period late (a period is a sixteenth of the
 * shortest timeout, at most {@value #MAX_PERIOD_MILLIS} ms).
 */
final class DeadlineSweep {
    /** The longest period: {@value} ms (the default 10 s write timeout gets it). */
    static final long MAX_PERIOD_MILLIS = 100;
    /** The shortest period: {@value} ms. */
    static final long MIN_PERIOD_MILLIS = 1;

    /** What the sweep looks at: a connection with a deadline. */
    interface Watched {
        /** Fails the connection if its deadline is not after {@code now} ({@link System#nanoTime}). */
        void expireIfDue(long now);
    }

    private final ScheduledExecutorService timer;
    private final Collection<? extends Watched> inFlight;
    private final long periodNanos;
    private final AtomicBoolean armed = new AtomicBoolean();

    /**
     * @param timer    runs the sweep
     * @param inFlight the connections that have a deadline (the caller adds and removes them)
     * @param shortest the shortest timeout in force (write or handshake)
     */
    DeadlineSweep(ScheduledExecutorService timer, Collection<? extends Watched> inFlight, Duration shortest) {
        this.timer = timer;
        this.inFlight = inFlight;
        this.periodNanos = period(shortest);
    }

    /** A sixteenth of {@code shortest}, within {@value #MIN_PERIOD_MILLIS} to {@value #MAX_PERIOD_MILLIS} ms. */
    static long period(Duration shortest) {
        long sixteenth = shortest.toNanos() / 16;
        return Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_PERIOD_MILLIS),
                Math.min(TimeUnit.MILLISECONDS.toNanos(MAX_PERIOD_MILLIS), sixteenth));
    }

    /**
     * Makes sure a sweep is coming: call after adding a connection to the in-flight set.
     *
     * @throws RejectedExecutionException if the timer is shut down (the server is closing)
     */
    void watch() {
        if (armed.compareAndSet(false, true)) {
            schedule();
        }
    }

    long periodNanos() {
        return periodNanos;
    }

    private void schedule() {
        try {
            timer.schedule(this::sweep, periodNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            armed.set(false); // the server is closing: close() fails what is left
            throw e;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watched w : inFlight) {
            w.expireIfDue(now);
        }
        if (inFlight.isEmpty()) {
            armed.set(false);
            // A connection added since the check above saw armed still set and scheduled nothing.
            if (inFlight.isEmpty() || !armed.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            schedule();
        } catch (RejectedExecutionException e) {
            // shut down meanwhile
        }
    }
}
