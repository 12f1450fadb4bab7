package io.greetwire.internal;

import io.greetwire.FailureReason;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where an exception of java.net, java.nio or Netty becomes a {@link Cause}, and a
 * cause becomes the server's {@link FailureReason} or the client's {@link GreetingException.Kind}:
 * every transport, server and client side, goes through here, so that the same event has the same
 * word on both sides (a peer's reset is {@code RESET} to both).
 *
 * <p>The exception's type decides where it tells; a transport that knows more (Netty's errno)
 * works out the {@link Cause} itself and passes it in. Only where the JDK tells nothing but a
 * message (a reset is a plain {@code SocketException} or {@code IOException}) is the message read,
 * in {@link #causeOfMessage}.
 */
public final class Failures {
    private Failures() { }

    /** What went wrong with a connection, whatever the transport. */
    public enum Cause {
        /** The peer reset the connection (ECONNRESET), or it was gone when written to (EPIPE). */
        RESET,
        /** Nobody listens at the address (ECONNREFUSED; for a Unix socket also ENOENT, no such file). */
        REFUSED,
        /** An operation timed out (a socket timeout, Netty's connect timeout, ETIMEDOUT on connect). */
        TIMEOUT,
        /** The channel was closed on this side. */
        CLOSED,
        /** No route to the host or port (ENETUNREACH, EHOSTUNREACH). */
        UNREACHABLE,
        /** Anything else. */
        OTHER
    }

    /**
     * The failure inside the wrappers of {@link java.util.concurrent} futures.
     *
     * @param t a failure, wrapped or not
     * @return the innermost failure that is not a wrapper
     */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * What a failure tells about the connection: by its type where that tells, else by its message.
     *
     * @param t a failure, possibly wrapped by a future
     * @return what went wrong
     */
    public static Cause causeOf(Throwable t) {
        t = unwrap(t);
        if (t instanceof SocketTimeoutException) {
            return Cause.TIMEOUT;
        }
        if (t instanceof ClosedChannelException) { // and AsynchronousCloseException
            return Cause.CLOSED;
        }
        if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
            return Cause.UNREACHABLE;
        }
        if (t instanceof FileNotFoundException) { // Netty's connect to a Unix socket path that does not exist
            return Cause.REFUSED;
        }
        return causeOfMessage(t);
    }

    /**
     * The failures the JDK reports with a message only: a reset ({@code SocketException:
     * Connection reset} on a read, {@code ... Connection reset by peer} on a write, {@code Broken
     * pipe} on a write after the reset was seen; the same over Unix sockets), a connect to a Unix
     * socket path that does not exist ({@code SocketException: No such file or directory}) and,
     * for a {@link ConnectException}, whether it was refused or timed out (the JDK and Netty use
     * that one type for both, and Netty also for a handshake reset and for errors of its own). The
     * messages are the C library's {@code strerror} texts, the same on JDK 17 and 25; Netty's
     * native transports prefix them with the call and suffix them with the address, hence
     * {@code contains}.
     */
    static Cause causeOfMessage(Throwable t) {
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("connection reset") || m.contains("broken pipe")) {
            return Cause.RESET;
        }
        if (t instanceof SocketException && m.contains("no such file or directory")) {
            // The JDK's connect to a Unix socket path that does not exist (ENOENT): nobody listens.
            return Cause.REFUSED;
        }
        if (t instanceof ConnectException) {
            if (m.contains("connection refused")) {
                return Cause.REFUSED;
            }
            if (m.contains("timed out")) {
                return Cause.TIMEOUT;
            }
        }
        return Cause.OTHER;
    }

    /**
     * Why a server's write of a greeting failed.
     *
     * @param t what the write threw
     * @return {@code RESET} or {@code IO}
     */
    public static FailureReason serverReason(Throwable t) {
        return serverReason(causeOf(t));
    }

    /**
     * The server's word for {@code cause}: {@code RESET} for a peer's reset, {@code IO} for the
     * rest (a write timeout, a shutdown or an over-limit connection is the server's own decision,
     * counted where it is taken, not found in an exception).
     *
     * @param cause what went wrong
     * @return the server's reason
     */
    public static FailureReason serverReason(Cause cause) {
        return cause == Cause.RESET ? FailureReason.RESET : FailureReason.IO;
    }

    /**
     * Classifies a failure of a fetch to {@code server}.
     *
     * @param t what the transport threw, possibly wrapped by a future
     * @param server the server the fetch went to
     * @param connected whether the handshake had completed
     * @param received bytes received before the failure, for the message
     * @return the failure as the user sees it
     */
    public static GreetingException classify(Throwable t, SocketAddress server, boolean connected, int received) {
        return classify(causeOf(t), t, server, connected, received);
    }

    /**
     * Classifies a failure whose {@link Cause} the transport worked out itself.
     *
     * @param cause what went wrong
     * @param t what the transport threw, possibly wrapped by a future
     * @param server the server the fetch went to
     * @param connected whether the handshake had completed
     * @param received bytes received before the failure, for the message
     * @return the failure as the user sees it; {@code t} itself if it already is one
     */
    public static GreetingException classify(Cause cause, Throwable t, SocketAddress server,
                                             boolean connected, int received) {
        t = unwrap(t);
        if (t instanceof GreetingException) {
            return (GreetingException) t;
        }
        String detail = (connected ? "after " + received + " bytes: " : "while connecting: ") + t;
        return new GreetingException(clientKind(cause, connected), server, detail, t);
    }

    /**
     * The client's word for a cause, in the phase the fetch was in.
     *
     * @param cause what went wrong
     * @param connected whether the handshake had completed
     * @return the kind of the fetch's failure
     */
    public static Kind clientKind(Cause cause, boolean connected) {
        switch (cause) {
            // Also while connecting: a native transport reports a handshake reset at once as a
            // failed connect, and nobody refused.
            case RESET: return Kind.RESET;
            case REFUSED: return connected ? Kind.IO : Kind.CONNECT_REFUSED;
            case TIMEOUT: return connected ? Kind.READ_TIMEOUT : Kind.CONNECT_TIMEOUT;
            case CLOSED: return Kind.CLOSED;
            default: return Kind.IO;
        }
    }
}
