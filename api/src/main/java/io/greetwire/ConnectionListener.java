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

    /** A connection was accepted from {@code remote}. */
    default void onAccepted(InetSocketAddress remote) { }

    /** The whole greeting, {@code bytes} long, was written to {@code remote}. */
    default void onGreeted(InetSocketAddress remote, long bytes) { }

    /** The greeting to {@code remote} failed for {@code reason}. */
    default void onFailed(InetSocketAddress remote, FailureReason reason) { }
}
