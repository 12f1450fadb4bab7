package io.greetwire;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Why a fetch failed, with the server's address.
 *
 * <p>Checked, and an {@link IOException}, because every one of these is a network condition a
 * caller must expect and decide about (retry, report, give up), and code that already handles
 * I/O failures handles this one too. From {@link GreetingClient#fetchAsync} it arrives as the
 * cause of the future's exceptional completion.
 */
public final class GreetingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The kind of failure. */
    public enum Kind {
        /** Nobody listens at the address (RST in answer to SYN). */
        CONNECT_REFUSED,
        /** The handshake did not complete within the connect timeout (e.g. a full backlog). */
        CONNECT_TIMEOUT,
        /** The server did not finish its greeting within the read timeout. */
        READ_TIMEOUT,
        /**
         * The TLS handshake failed; the message says why: the server's certificate is untrusted,
         * expired or not valid for the name, there is no common protocol, or the peer does not
         * speak TLS.
         */
        TLS_HANDSHAKE,
        /**
         * Over TLS, the connection ended without the server's {@code close_notify}: the bytes may
         * be a cut greeting (an attacker or a middlebox can inject a FIN), so they are not one.
         */
        TRUNCATED,
        /** The server sent more than the configured maximum greeting size. */
        TOO_LARGE,
        /** The bytes do not decode in the configured format (wrong length, no line end, bad UTF-8). */
        MALFORMED,
        /** The connection was reset before the greeting was complete. */
        RESET,
        /** The connection closed without a greeting, or the client was closed. */
        CLOSED,
        /** Any other I/O failure; see the cause. */
        IO
    }

    /** The kind of failure, part of the serialized form. */
    private final Kind kind;
    private final transient SocketAddress server;

    /**
     * A failure with its cause.
     *
     * @param kind the kind of failure
     * @param server the address the fetch went to: an {@link java.net.InetSocketAddress} or a
     *     {@link java.net.UnixDomainSocketAddress}; named in the message
     * @param detail what happened, for the message (which also names the kind and the server)
     * @param cause the exception that reported it, or {@code null}
     */
    public GreetingException(Kind kind, SocketAddress server, String detail, Throwable cause) {
        super(kind + " from " + io.greetwire.internal.Addresses.describe(server) + ": " + detail, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.server = server;
    }

    /**
     * A failure without an underlying exception (a size limit, a malformed greeting); as
     * {@link #GreetingException(Kind, SocketAddress, String, Throwable)} without a cause.
     *
     * @param kind the kind of failure
     * @param server the address the fetch went to
     * @param detail what happened, for the message (which also names the kind and the server)
     */
    public GreetingException(Kind kind, SocketAddress server, String detail) {
        this(kind, server, detail, null);
    }

    /** {@return the kind of failure} */
    public Kind kind() { return kind; }

    /** {@return the server the fetch went to: an IP address and port, or a Unix socket path} */
    public SocketAddress server() { return server; }

}
