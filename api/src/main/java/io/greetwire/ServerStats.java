package io.greetwire;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a server's counters. Once the server has no connection open,
 * {@code accepted == greeted + failed}; while it has, {@code accepted == greeted + failed + open}
 * up to updates racing with the snapshot.
 */
public final class ServerStats {
    private final String transport;
    private final long accepted;
    private final long greeted;
    private final Map<FailureReason, Long> failures;
    private final long failed;
    private final long bytesWritten;
    private final long open;
    private final long acceptErrors;

    /**
     * A snapshot; made by the transports.
     *
     * @param transport what runs, e.g. {@code blocking} or {@code netty/epoll}
     * @param accepted connections accepted
     * @param greeted connections that received their whole greeting
     * @param failures failed greetings by reason; reasons left out count zero
     * @param acceptErrors failed {@code accept()} calls (such as too many open files); these are
     *     not connections and are not in {@code accepted}
     * @param bytesWritten greeting bytes written
     * @param open connections open at the time
     */
    public ServerStats(String transport, long accepted, long greeted, Map<FailureReason, Long> failures,
            long bytesWritten, long open, long acceptErrors) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.accepted = accepted;
        this.greeted = greeted;
        EnumMap<FailureReason, Long> copy = new EnumMap<>(FailureReason.class);
        for (FailureReason r : FailureReason.values()) {
            copy.put(r, failures.getOrDefault(r, 0L));
        }
        this.failures = Collections.unmodifiableMap(copy);
        this.failed = copy.values().stream().mapToLong(Long::longValue).sum();
        this.bytesWritten = bytesWritten;
        this.open = open;
        this.acceptErrors = acceptErrors;
    }

    /** {@return the transport that runs, with its flavour where it has one (e.g. {@code netty/io_uring})} */
    public String transport() { return transport; }

    /** {@return connections accepted, including those refused over the limit} */
    public long accepted() { return accepted; }

    /** {@return connections that received their whole greeting} */
    public long greeted() { return greeted; }

    /** {@return connections that did not, all reasons together} */
    public long failed() { return failed; }

    /** {@return failed connections by reason; every reason is present} */
    public Map<FailureReason, Long> failures() { return failures; }

    /**
     * Failed connections for one reason.
     *
     * @param reason the reason
     * @return how many failed for it
     */
    public long failed(FailureReason reason) { return failures.get(reason); }

    /** {@return greeting bytes written, counting partial writes of failed greetings} */
    public long bytesWritten() { return bytesWritten; }

    /** {@return connections open now} */
    public long open() { return open; }

    /** {@return failed accept calls, such as EMFILE; the server backs off and goes on} */
    public long acceptErrors() { return acceptErrors; }

    @Override
    public String toString() {
        return "ServerStats{transport=" + transport + ", accepted=" + accepted + ", greeted=" + greeted
                + ", failed=" + failed + " " + nonZeroFailures() + ", bytesWritten=" + bytesWritten
                + ", open=" + open + ", acceptErrors=" + acceptErrors + '}';
    }

    private Map<FailureReason, Long> nonZeroFailures() {
        EnumMap<FailureReason, Long> m = new EnumMap<>(FailureReason.class);
        failures.forEach((k, v) -> {
            if (v != 0) {
                m.put(k, v);
            }
        });
        return m;
    }
}
