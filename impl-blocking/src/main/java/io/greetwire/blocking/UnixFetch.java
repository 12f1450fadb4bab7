package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.internal.BufferPool;
import io.greetwire.internal.GreetingReader;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One fetch over a Unix domain socket on a blocking {@link SocketChannel} ({@code java.net.Socket}
 * has no Unix sockets), in plain text or over TLS ({@link BlockingTls} on the channel). A channel
 * read has no timeout of its own, so a timer closes the channel at the connect deadline (a full
 * backlog blocks connect), then at the TLS handshake's deadline, then at the read deadline.
 */
final class UnixFetch implements AutoCloseable {
    private static final int READ_CHUNK = 64 * 1024;

    private final ClientConfig config;
    private final UnixDomainSocketAddress server;
    private final SocketChannel channel;
    private volatile boolean timedOut;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> deadline;
    private long deadlineNanos;

    UnixFetch(ClientConfig config, UnixDomainSocketAddress server) throws IOException {
        this.config = config;
        this.server = server;
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    }

    /**
     * Connects and reads to the end of the stream (over TLS when {@code tls} is not null: to the
     * server's close_notify), closing the channel at whichever deadline passes.
     */
    Greeting run(GreetingReader reader, ScheduledExecutorService timer, ClientTls tls, BufferPool pool)
            throws GreetingException {
        this.timer = timer;
        try {
            expireAt(System.nanoTime() + config.connectTimeout().toNanos());
            channel.connect(server);
            reader.connected(channel.getLocalAddress());
            if (tls != null) {
                return BlockingTls.fetch(TlsWire.of(channel, this::expireAt), reader, config, tls, pool);
            }
            expireAt(System.nanoTime() + config.readTimeout().toNanos());
            ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
            while (true) {
                chunk.clear().limit(Math.min(READ_CHUNK, reader.readLimit()));
                if (channel.read(chunk) < 0) {
                    return reader.finish();
                }
                chunk.flip();
                reader.append(chunk);
            }
        } catch (AsynchronousCloseException e) {
            if (!timedOut) {
                throw reader.failure(GreetingException.Kind.CLOSED, "the client was closed during the fetch", e);
            }
            if (!reader.isConnected()) {
                throw reader.failure(GreetingException.Kind.CONNECT_TIMEOUT, "no connection within connectTimeout="
                        + config.connectTimeout(), e);
            }
            if (tls != null && !reader.isTlsDone()) {
                throw reader.failure(GreetingException.Kind.CONNECT_TIMEOUT, "no TLS handshake within connectTimeout="
                        + config.connectTimeout(), e);
            }
            throw reader.failure(GreetingException.Kind.READ_TIMEOUT, "no close within readTimeout="
                    + config.readTimeout() + " (" + reader.size() + " bytes read)", e);
        } catch (IOException e) {
            throw reader.failure(e);
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    /** Moves the timer that closes the channel to {@code nanos} ({@link System#nanoTime()}); a no-op if it is there. */
    private void expireAt(long nanos) {
        if (deadline != null) {
            if (nanos == deadlineNanos) {
                return; // the same phase's next read: the common case, no timer work
            }
            deadline.cancel(false);
        }
        deadlineNanos = nanos;
        deadline = timer.schedule(this::expire, nanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        timedOut = true;
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the fetch's outcome is already decided
        }
    }
}
