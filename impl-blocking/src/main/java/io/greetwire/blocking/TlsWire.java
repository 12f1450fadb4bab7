package io.greetwire.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The blocking byte stream under the TLS records: a TCP {@link Socket}'s streams, or a blocking
 * {@link SocketChannel} on a Unix socket (where {@code SSLSocket} cannot go). Both carry the
 * records of one {@link io.greetwire.internal.TlsSession} the same way.
 */
interface TlsWire {
    /**
     * Reads what arrives into {@code b} (fill mode, heap) before {@code deadlineNanos} (a
     * {@link System#nanoTime()} value).
     *
     * @return the bytes read, at least one, or -1 at end of stream
     * @throws SocketTimeoutException if nothing arrived by the deadline (where the wire
     *     enforces it itself; a channel's deadline is a timer that closes it)
     */
    int read(ByteBuffer b, long deadlineNanos) throws IOException;

    /** Writes all of {@code b}'s remaining bytes (heap), blocking until they are in the kernel. */
    void write(ByteBuffer b) throws IOException;

    /** A TCP socket's streams, the deadline enforced by {@code SO_TIMEOUT}. */
    static TlsWire of(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new TlsWire() {
            @Override
            public int read(ByteBuffer b, long deadlineNanos) throws IOException {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("read timed out");
                }
                socket.setSoTimeout(BlockingClient.timeoutMillis(left));
                int n = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
                if (n > 0) {
                    b.position(b.position() + n);
                }
                return n;
            }

            @Override
            public void write(ByteBuffer b) throws IOException {
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
            }
        };
    }

    /**
     * A blocking channel. A channel read has no timeout of its own: {@code onDeadline} hears each
     * read's deadline first (the owner keeps a timer that closes the channel when it passes).
     */
    static TlsWire of(SocketChannel channel, DeadlineListener onDeadline) {
        return new TlsWire() {
            @Override
            public int read(ByteBuffer b, long deadlineNanos) throws IOException {
                onDeadline.deadline(deadlineNanos);
                int n;
                do {
                    n = channel.read(b); // blocking: 0 only for a buffer without room, which netIn() never is
                } while (n == 0);
                return n;
            }

            @Override
            public void write(ByteBuffer b) throws IOException {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        };
    }

    /** Told the deadline of each read on a channel, before it blocks. */
    @FunctionalInterface
    interface DeadlineListener {
        /** The read about to block must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
        void deadline(long deadlineNanos);
    }
}
