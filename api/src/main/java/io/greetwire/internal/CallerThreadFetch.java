package io.greetwire.internal;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A synchronous fetch on the caller's own thread, for clients whose asynchronous machinery (a
 * selector loop, a Netty event loop) would cost a synchronous {@code fetch} two thread hand-offs:
 * one blocking {@link SocketChannel}, read straight into the {@link GreetingReader}, with its
 * connect and read deadlines kept by {@link FetchDeadlines} (one thread per client, which closes
 * a channel whose deadline passed) rather than by the socket adaptor's timeouts, which switch the
 * channel's mode twice per call.
 *
 * <p>The same contract as every client's {@code fetch}: the connect timeout, the read timeout as a
 * deadline for the whole greeting, {@code CLOSED} when the owning client closes during the fetch
 * (its channel is closed under the reader), and an interrupt ends the fetch with {@code IO} and
 * leaves the thread's interrupt status set.
 */
public final class CallerThreadFetch {
    private final ClientConfig config;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final FetchDeadlines deadlines = new FetchDeadlines();
    private volatile boolean closed;

    /** Fetches with {@code config}'s timeouts, limits and format. */
    public CallerThreadFetch(ClientConfig config) {
        this.config = config;
    }

    /** Whether this fetch serves {@code server}: IP addresses, without TLS (a TLS fetch runs the transport's own path). */
    public boolean supports(SocketAddress server) {
        return server instanceof InetSocketAddress && config.tls().isEmpty();
    }

    /**
     * Connects, reads to the end of the stream and decodes, all on the calling thread.
     *
     * @throws GreetingException the failure, with its kind and the server's address
     */
    public Greeting fetch(SocketAddress server) throws GreetingException {
        GreetingReader reader = new GreetingReader(config, server);
        if (closed) {
            throw reader.failure(Kind.CLOSED, "the client is closed", null);
        }
        SocketChannel ch = null;
        FetchDeadlines.Pending deadline = null;
        try {
            ch = Addresses.openTcp(server);
            open.add(ch);
            deadline = new FetchDeadlines.Pending(ch, reader.startNanos() + config.connectTimeout().toNanos());
            if (closed || !deadlines.add(deadline)) { // close() may have run since the check above
                throw reader.failure(Kind.CLOSED, "the client is closed", null);
            }
            ch.connect(server); // blocking: no mode switches; the deadline closes it if it takes too long
            deadline.deadline = System.nanoTime() + config.readTimeout().toNanos();
            reader.connected(ch.getLocalAddress());
            while (true) {
                if (reader.readFrom(ch) < 0) {
                    return reader.finish();
                }
            }
        } catch (GreetingException e) {
            throw e;
        } catch (ClosedByInterruptException e) {
            throw reader.failure(Kind.IO, "interrupted while fetching", e); // the interrupt status stays set
        } catch (AsynchronousCloseException e) {
            if (deadline != null && deadline.expired) {
                throw reader.isConnected()
                        ? reader.failure(Kind.READ_TIMEOUT, "no close within readTimeout=" + config.readTimeout()
                                + " (" + reader.size() + " bytes read)", e)
                        : reader.failure(Kind.CONNECT_TIMEOUT, "no handshake within connectTimeout="
                                + config.connectTimeout(), e);
            }
            throw reader.failure(Kind.CLOSED, "the client was closed during the fetch", e);
        } catch (IOException | RuntimeException e) { // refused, reset, unresolved, unreachable
            if (closed) {
                throw reader.failure(Kind.CLOSED, "the client was closed during the fetch", e);
            }
            throw reader.failure(e);
        } finally {
            if (deadline != null) {
                deadlines.remove(deadline);
            }
            if (ch != null) {
                open.remove(ch);
                closeQuietly(ch);
            }
        }
    }

    /** Fails every fetch in progress with {@code CLOSED} and every later one at once. Idempotent. */
    public void close() {
        closed = true;
        deadlines.close();
        for (SocketChannel ch : open) {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the fetch's outcome is already decided
        }
    }
}
