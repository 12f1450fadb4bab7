package io.greetwire.internal;

import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import java.net.SocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps the exceptions of java.net, java.nio and Netty to a {@link GreetingException.Kind}. */
public final class Failures {
    private Failures() { }

    /**
     * Classifies a failure of a fetch to {@code server}.
     *
     * @param connected whether the handshake had completed
     * @param received bytes received before the failure, for the message
     */
    public static GreetingException classify(Throwable t, SocketAddress server, boolean connected, int received) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GreetingException) {
            return (GreetingException) t;
        }
        String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        String name = t.getClass().getSimpleName();
        Kind kind;
        if (!connected && (name.contains("ConnectTimeout") || t instanceof SocketTimeoutException
                || msg.contains("timed out"))) {
            kind = Kind.CONNECT_TIMEOUT;
        } else if (msg.contains("reset") || msg.contains("broken pipe")) {
            // Also during connect: the native transports report a handshake reset at once as a ConnectException.
            kind = Kind.RESET;
        } else if (!connected && msg.contains("refused") && !(t instanceof NoRouteToHostException)) {
            // Not every ConnectException: Netty's native transports report any connect errno
            // (EADDRNOTAVAIL, EACCES) as one.
            kind = Kind.CONNECT_REFUSED;
        } else if (t instanceof SocketTimeoutException || name.contains("Timeout")) {
            kind = Kind.READ_TIMEOUT;
        } else if (t instanceof ClosedChannelException) {
            kind = Kind.CLOSED;
        } else {
            kind = Kind.IO;
        }
        String detail = (connected ? "after " + received + " bytes: " : "while connecting: ") + t;
        return new GreetingException(kind, server, detail, t);
    }
}
