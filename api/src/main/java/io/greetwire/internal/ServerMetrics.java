package io.greetwire.internal;

import io.greetwire.ConnectionListener;
import io.greetwire.FailureReason;
import io.greetwire.GreetingFormat;
import io.greetwire.ServerStats;
import io.greetwire.internal.jfr.GreetingFailedEvent;
import io.greetwire.internal.jfr.GreetingServedEvent;
import io.greetwire.internal.jfr.ServerStartedEvent;
import io.greetwire.internal.jfr.ServerStoppedEvent;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import jdk.jfr.EventType;
import org.slf4j.Logger;

/**
 * A server's counters and connection events, shared by the transports so that every server
 * counts and logs alike. For each {@link #accepted} a transport calls exactly one of
 * {@link #greeted} or {@link #failed}; that keeps {@code accepted = greeted + failed + open}.
 *
 * <p>Per connection it logs only at DEBUG (the seed's {@code connect from client} line), and only
 * asks for addresses when someone wants them: see {@link #wantsAddresses()}.
 *
 * <p>It also commits the servers' JFR events ({@code io.greetwire.*}). Without a recording that
 * enables them a connection costs a few field reads: {@link #startNanos()} returns 0 without
 * reading the clock, and {@link #greeted}/{@link #failed} allocate nothing.
 */
public final class ServerMetrics {
    // Looked up once: isEnabled() is a field read, so the hot path never allocates an event to ask.
    private static final EventType SERVED = EventType.getEventType(GreetingServedEvent.class);
    private static final EventType FAILED = EventType.getEventType(GreetingFailedEvent.class);

    private final ConnectionListener listener;
    private final Logger log;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder greeted = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder acceptErrors = new LongAdder();
    private final LongAdder[] failures = new LongAdder[FailureReason.values().length];
    private final AtomicLong open = new AtomicLong();
    // Set by started(); read by the events only while a recording runs.
    private volatile String transport = "";
    private volatile String format = "";
    private volatile String server = "";

    /**
     * Counters for one server.
     *
     * @param listener told of every connection
     * @param log the transport's logger, for the DEBUG line per connection
     */
    public ServerMetrics(ConnectionListener listener, Logger log) {
        this.listener = listener;
        this.log = log;
        for (int i = 0; i < failures.length; i++) {
            failures[i] = new LongAdder();
        }
    }

    /**
     * Whether the events need the peer's address: a listener, DEBUG logs, or a JFR recording of the
     * greeting events. When false, transports pass {@code null} and save the address lookup on the
     * hot path.
     */
    public boolean wantsAddresses() {
        return listener != ConnectionListener.NONE || log.isDebugEnabled() || SERVED.isEnabled() || FAILED.isEnabled();
    }

    /** A connection was accepted; returns the number open now, this one included. */
    public long accepted(SocketAddress remote) {
        accepted.increment();
        long n = open.incrementAndGet();
        if (remote != null) {
            if (log.isDebugEnabled()) {
                log.debug("connect from client: {}", Addresses.describe(remote));
            }
            notify(remote, null, 0, 0);
        }
        return n;
    }

    /** Names the server in its JFR events; called once, before {@link #started}. */
    public void describe(String transport, GreetingFormat format) {
        this.transport = transport;
        this.format = format.name();
    }

    /**
     * The server is bound (and may already accept): its address goes into the JFR events from now
     * on, and {@code io.greetwire.ServerStarted} is committed.
     */
    public void started(SocketAddress bound) {
        this.server = String.valueOf(bound);
        ServerStartedEvent e = new ServerStartedEvent();
        if (e.shouldCommit()) {
            e.transport = transport;
            e.format = format;
            e.server = server;
            e.commit();
        }
    }

    /** The server has stopped: commits {@code io.greetwire.ServerStopped} with the final counters. */
    public void stopped() {
        ServerStoppedEvent e = new ServerStoppedEvent();
        if (e.shouldCommit()) {
            ServerStats s = snapshot(transport);
            e.transport = transport;
            e.server = server;
            e.accepted = s.accepted();
            e.greeted = s.greeted();
            e.failed = s.failed();
            e.acceptErrors = s.acceptErrors();
            e.bytesWritten = s.bytesWritten();
            e.commit();
        }
    }

    /**
     * The time a connection's greeting starts, for the {@code elapsed} field of its JFR event:
     * {@link System#nanoTime()} while a recording enables the greeting events, else 0 (no clock read).
     */
    public long startNanos() {
        return SERVED.isEnabled() || FAILED.isEnabled() ? System.nanoTime() : 0L;
    }

    /** The whole greeting of {@code length} bytes was written; not timed. */
    public void greeted(SocketAddress remote, long length) {
        greeted(remote, length, 0L);
    }

    /** The whole greeting of {@code length} bytes was written; {@code startNanos} from {@link #startNanos()}. */
    public void greeted(SocketAddress remote, long length, long startNanos) {
        greeted.increment();
        bytes.add(length);
        open.decrementAndGet();
        if (remote != null) {
            notify(remote, null, length, 1);
        }
        if (SERVED.isEnabled()) {
            GreetingServedEvent e = new GreetingServedEvent();
            if (e.shouldCommit()) {
                e.transport = transport;
                e.format = format;
                e.server = server;
                e.client = remote == null ? null : remote.toString();
                e.bytes = length;
                e.elapsed = elapsedSince(startNanos);
                e.commit();
            }
        }
    }

    /** The greeting failed after {@code written} bytes; not timed. */
    public void failed(SocketAddress remote, FailureReason reason, long written) {
        failed(remote, reason, written, 0L);
    }

    /** The greeting failed after {@code written} bytes; {@code startNanos} from {@link #startNanos()}. */
    public void failed(SocketAddress remote, FailureReason reason, long written, long startNanos) {
        failures[reason.ordinal()].increment();
        bytes.add(written);
        open.decrementAndGet();
        if (remote != null) {
            if (log.isDebugEnabled()) {
                log.debug("greeting to {} failed: {} after {} bytes", remote, reason, written);
            }
            notify(remote, reason, written, 2);
        }
        if (FAILED.isEnabled()) {
            GreetingFailedEvent e = new GreetingFailedEvent();
            if (e.shouldCommit()) {
                e.transport = transport;
                e.format = format;
                e.server = server;
                e.client = remote == null ? null : remote.toString();
                e.reason = reason.name();
                e.bytes = written;
                e.elapsed = elapsedSince(startNanos);
                e.commit();
            }
        }
    }

    private static long elapsedSince(long startNanos) {
        return startNanos == 0L ? 0L : Math.max(0L, System.nanoTime() - startNanos);
    }

    /** An accept call failed (EMFILE and the like); not a connection. */
    public void acceptError() {
        acceptErrors.increment();
    }

    /** Connections open now. */
    public long open() {
        return open.get();
    }

    /** A snapshot; {@code transport} names what runs, e.g. {@code netty/epoll}. */
    public ServerStats snapshot(String transport) {
        EnumMap<FailureReason, Long> f = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            f.put(r, failures[r.ordinal()].sum());
        }
        return new ServerStats(transport, accepted.sum(), greeted.sum(), f, bytes.sum(), open.get(), acceptErrors.sum());
    }

    private void notify(SocketAddress remote, FailureReason reason, long length, int what) {
        if (listener == ConnectionListener.NONE) {
            return;
        }
        try {
            switch (what) {
                case 0: listener.onAccepted(remote); break;
                case 1: listener.onGreeted(remote, length); break;
                default: listener.onFailed(remote, reason); break;
            }
        } catch (RuntimeException e) {
            log.debug("connection listener threw for {}", remote, e);
        }
    }
}
