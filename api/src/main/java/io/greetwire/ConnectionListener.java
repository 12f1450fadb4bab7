package io.greetwire;

import java.net.InetSocketAddress;

/**
 * Observes a server's connections. Called on the server's I/O threads, on the hot path: an
 * implementation must be fast and must not block. An exception it throws is logged at DEBUG and
 * otherwise ignored, so a listener can never break a greeting.
 */
public interface ConnectionListener {

    /** A listener that does nothing; the default. */
    ConnectionListener NONE = new ConnectionListener() { };

    /**
     * A connection was accepted.
     *
     * @param remote the client's address; {@code null} where the transport does not look it up
     */
    default void onAccepted(InetSocketAddress remote) { }

    /**
     * The whole greeting was written.
     *
     * @param remote the client's address; {@code null} where the transport does not look it up
     * @param bytes the greeting's length
     */
    default void onGreeted(InetSocketAddress remote, long bytes) { }

    /**
     * The greeting failed.
     *
     * @param remote the client's address; {@code null} where the transport does not look it up
     * @param reason why
     */
    default void onFailed(InetSocketAddress remote, FailureReason reason) { }
}
