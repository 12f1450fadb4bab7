package io.greetwire.netty;

import io.greetwire.internal.Failures.Cause;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Errors.NativeIoException;

/**
 * Everything that names {@code netty-transport-native-unix-common}, kept apart so that nothing
 * loads it unless a {@link NativeIoException} was thrown (the jar is an optional dependency, and
 * its errno constants are read from the native library).
 */
final class UnixErrors {
    private UnixErrors() { }

    /**
     * The cause a native exception's errno tells, or {@code null} for an errno without one of its
     * own. Netty's native calls return {@code -errno}, and so does {@code expectedErr()}.
     */
    static Cause causeOf(Throwable nativeIoException) {
        int err = ((NativeIoException) nativeIoException).expectedErr();
        if (err == Errors.ERRNO_ECONNRESET_NEGATIVE || err == Errors.ERRNO_EPIPE_NEGATIVE) {
            return Cause.RESET;
        }
        if (err == Errors.ERROR_ECONNREFUSED_NEGATIVE) {
            return Cause.REFUSED;
        }
        if (err == Errors.ERROR_ENETUNREACH_NEGATIVE || err == Errors.ERROR_EHOSTUNREACH_NEGATIVE) {
            return Cause.UNREACHABLE;
        }
        if (err == Errors.ERRNO_EBADF_NEGATIVE) {
            return Cause.CLOSED;
        }
        return null;
    }
}
