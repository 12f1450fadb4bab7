package io.greetwire.internal;

import io.greetwire.ConnectionListener;
import io.greetwire.FailureReason;
import io.greetwire.ServerStats;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * A server's counters and connection events, shared by the transports so that every server
 * counts and logs alike. For each {@link #accepted} a transport calls exactly one of
 * {@link #greeted} or {@link #failed}; that keeps {@code accepted = greeted + failed + open}.
 *
 * <p>Per connection it logs only at DEBUG (the seed's {@code connect from client} line), and only
 * asks for addresses when someone wants them: see {@link #wantsAddresses()}.
 */
public final class ServerMetrics {
    private final ConnectionListener listener;
    private final Logger log;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder greeted = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder acceptErrors = new LongAdder();
    private final LongAdder[] failures = new LongAdder[FailureReason.values().length];
    private final AtomicLong open = new AtomicLong();

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
     * Whether the events need the peer's address. When false, transports pass {@code null} and
     * save the address lookup on the hot path.
     */
    public boolean wantsAddresses() {
        return listener != ConnectionListener.NONE || log.isDebugEnabled();
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

    /** The whole greeting of {@code length} bytes was written. */
    public void greeted(SocketAddress remote, long length) {
        greeted.increment();
        bytes.add(length);
        open.decrementAndGet();
        if (remote != null) {
            notify(remote, null, length, 1);
        }
    }

    /** The greeting failed after {@code written} bytes. */
    public void failed(SocketAddress remote, FailureReason reason, long written) {
        failures[reason.ordinal()].increment();
        bytes.add(written);
        open.decrementAndGet();
        if (remote != null) {
            if (log.isDebugEnabled()) {
                log.debug("greeting to {} failed: {} after {} bytes", remote, reason, written);
            }
            notify(remote, reason, written, 2);
        }
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
