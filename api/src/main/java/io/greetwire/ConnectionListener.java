package io.greetwire;

import java.net.SocketAddress;

/**
 * Observes a server's connections. Called on the server's I/O threads, on the hot path: an
 * implementation must be fast and must not block. An exception it throws is logged at DEBUG and
 * otherwise ignored, so a listener can never break a greeting.
 *
 * <p>A remote address is an {@link java.net.InetSocketAddress} over TCP. Over a Unix socket it is
 * a {@link java.net.UnixDomainSocketAddress}, usually with an empty path: clients connect from
 * unnamed sockets.
 */
public interface ConnectionListener {

    /** A listener that does nothing; the default. */
    ConnectionListener NONE = new ConnectionListener() { };

    /**
     * A connection was accepted.
     *
     * @param remote the client's address: an IP address and port, or a Unix socket's (usually unnamed)
     */
    default void onAccepted(SocketAddress remote) { }

    /**
     * The whole greeting was written.
     *
     * @param remote the client's address: an IP address and port, or a Unix socket's (usually unnamed)
     * @param bytes the greeting's length
     */
    default void onGreeted(SocketAddress remote, long bytes) { }

    /**
     * The greeting failed.
     *
     * @param remote the client's address: an IP address and port, or a Unix socket's (usually unnamed)
     * @param reason why
     */
    default void onFailed(SocketAddress remote, FailureReason reason) { }
}
