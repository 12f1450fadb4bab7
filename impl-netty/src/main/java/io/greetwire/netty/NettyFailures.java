package io.greetwire.netty;

import io.greetwire.internal.Failures;
import io.greetwire.internal.Failures.Cause;
import io.netty.channel.ConnectTimeoutException;

/**
 * What Netty's exceptions tell beyond the JDK's: its connect timeout (a {@code ConnectException}
 * by type) and, on the native engines, the errno of a failed read or write. Everything else goes
 * to {@link Failures#causeOf}, the one place for the JDK's exceptions.
 */
final class NettyFailures {
    /** The native engines' exception; matched by name so that its optional jar may be missing. */
    private static final String NATIVE_IO_EXCEPTION = "io.netty.channel.unix.Errors$NativeIoException";
    /** Netty wraps a connect failure in an exception that names the address; the original is its cause. */
    private static final int MAX_DEPTH = 4;

    private NettyFailures() { }

    /** What {@code t} tells about the connection. */
    static Cause causeOf(Throwable t) {
        Throwable c = Failures.unwrap(t);
        for (int depth = 0; c != null && depth < MAX_DEPTH; depth++, c = c.getCause()) {
            if (c instanceof ConnectTimeoutException) {
                return Cause.TIMEOUT;
            }
            if (c.getClass().getName().equals(NATIVE_IO_EXCEPTION)) {
                // Only reached with an instance in hand: the class and its natives are loaded.
                Cause byErrno = UnixErrors.causeOf(c);
                if (byErrno != null) {
                    return byErrno;
                }
            }
        }
        return Failures.causeOf(t);
    }
}
