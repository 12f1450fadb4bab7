package io.greetwire.internal;

import io.greetwire.internal.jfr.AcceptFailedEvent;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What a server does when {@code accept()} fails (EMFILE, ENFILE, ENOBUFS): count it, log it once
 * per burst rather than once per failure — under EMFILE accept fails thousands of times a second
 * — and wait a back-off that doubles from {@value #MIN_MILLIS} ms to {@value #MAX_MILLIS} ms
 * before trying again. Each failure is also a JFR event, {@code io.greetwire.AcceptFailed}, with
 * the back-off chosen. One per accepting thread; not thread-safe.
 */
public final class AcceptBackoff {
    /** The first back-off, in milliseconds: {@value}. */
    public static final long MIN_MILLIS = 10;
    /** The longest back-off, in milliseconds: {@value}. */
    public static final long MAX_MILLIS = 1_000;
    /** How long without a failure ends a burst: twice the longest back-off. */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(2 * MAX_MILLIS);

    private final ServerMetrics metrics;
    private final Logger log;
    private final SocketAddress address;
    private long backoffNanos;
    private long failures;
    private long lastFailureNanos;

    /**
     * A back-off for one listening socket.
     *
     * @param metrics counts every failed accept
     * @param log the transport's logger, for the one WARN per burst
     * @param address the listening address, for the log
     */
    public AcceptBackoff(ServerMetrics metrics, Logger log, SocketAddress address) {
        this.metrics = metrics;
        this.log = log;
        this.address = address;
    }

    /** An accept failed: returns how long to wait, in nanoseconds, before accepting again. */
    public long failed(Throwable e) {
        metrics.acceptError();
        long now = System.nanoTime();
        if (backoffNanos != 0 && now - lastFailureNanos > QUIET_NANOS) {
            backoffNanos = 0; // the last burst ended quietly, without an accept to say so
            failures = 0;
        }
        lastFailureNanos = now;
        failures++;
        if (backoffNanos == 0) {
            log.warn("accept on {} failed: {}; backing off and retrying", address, e.getMessage());
            backoffNanos = TimeUnit.MILLISECONDS.toNanos(MIN_MILLIS);
        } else {
            log.debug("accept on {} failed again: {}", address, e.getMessage());
            backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS));
        }
        AcceptFailedEvent event = new AcceptFailedEvent();
        if (event.shouldCommit()) {
            event.server = String.valueOf(address);
            event.error = e.toString();
            event.failures = failures;
            event.backoff = backoffNanos;
            event.commit();
        }
        return backoffNanos;
    }

    /**
     * An accept succeeded: ends a burst of failures once none came for {@link #QUIET_NANOS}, so that
     * descriptors freed one at a time, each taken by one accept, do not log a new burst each.
     * One branch when no burst is going on.
     */
    public void succeeded() {
        if (backoffNanos != 0 && System.nanoTime() - lastFailureNanos > QUIET_NANOS) {
            log.info("accepting on {} again after {} failed accepts", address, failures);
            backoffNanos = 0;
            failures = 0;
        }
    }

    /** Whether a burst of failures is going on. */
    public boolean backingOff() {
        return backoffNanos != 0;
    }
}
