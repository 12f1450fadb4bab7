package io.greetwire;

/** Why a server failed to greet a connection it had accepted. */
public enum FailureReason {
    /** The greeting was not fully written within the write timeout (typically a peer not reading). */
    WRITE_TIMEOUT,
    /** The peer reset or closed the connection before the greeting was written. */
    RESET,
    /** Refused at once because {@link ServerConfig#maxConnections()} connections were open. */
    OVER_LIMIT,
    /** Still open when the drain timeout of {@link GreetingServer#close()} ran out. */
    SHUTDOWN,
    /**
     * The TLS handshake failed: the client did not trust the certificate, offered no common
     * protocol or cipher, sent something that is not TLS, had no client certificate the server
     * requires, or left (closed or reset) before the handshake was done. A client that rejects a
     * certificate often resets rather than sending an alert, so a reset during the handshake
     * counts here, not as {@link #RESET}.
     */
    TLS_HANDSHAKE,
    /** The TLS handshake did not complete within {@link ServerTls#handshakeTimeout()}: a client stalled mid-handshake. */
    HANDSHAKE_TIMEOUT,
    /** The greeting source threw or produced a text the format cannot carry. */
    SOURCE_ERROR,
    /** Any other I/O error. */
    IO
}
