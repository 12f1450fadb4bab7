package io.greetwire.spi;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingFormat;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The client side of one fetch, the same for every transport: records the timings, gathers the
 * bytes up to the configured maximum (failing as soon as it is passed, not after) and decodes
 * them at the end of the stream. Not thread-safe: one fetch, one thread or event loop at a time.
 */
public final class GreetingReader {
    private static final int INITIAL_CAPACITY = 256;

    private final ClientConfig config;
    private final InetSocketAddress server;
    private final long startNanos;
    private long connectNanos = -1;
    private long firstByteNanos = -1;
    private InetSocketAddress local;
    private byte[] buf;
    private int size;

    /** Starts the clock: call just before connecting. */
    public GreetingReader(ClientConfig config, InetSocketAddress server) {
        this.config = config;
        this.server = server;
        this.startNanos = System.nanoTime();
        this.buf = new byte[Math.min(INITIAL_CAPACITY, config.maxGreetingBytes() + 1)];
    }

    /** The server this fetch goes to. */
    public InetSocketAddress server() {
        return server;
    }

    /** When the fetch started, in {@link System#nanoTime()} terms. */
    public long startNanos() {
        return startNanos;
    }

    /** The handshake completed; {@code localAddress} is the client's end. */
    public void connected(InetSocketAddress localAddress) {
        this.connectNanos = System.nanoTime() - startNanos;
        this.local = localAddress;
    }

    /** Whether {@link #connected} was called. */
    public boolean isConnected() {
        return connectNanos >= 0;
    }

    /** Bytes gathered so far. */
    public int size() {
        return size;
    }

    /**
     * Adds bytes read from the server.
     *
     * @throws GreetingException {@code TOO_LARGE} once more than the maximum has arrived
     */
    public void append(byte[] src, int off, int len) throws GreetingException {
        if (len <= 0) {
            return;
        }
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
    }

    /** Adds the remaining bytes of {@code src}, consuming them. */
    public void append(ByteBuffer src) throws GreetingException {
        int len = src.remaining();
        if (len <= 0) {
            return;
        }
        ensure(len);
        src.get(buf, size, len);
        size += len;
    }

    /**
     * How many bytes a read may take without passing the maximum by more than one byte; a reader
     * that reads no more than this learns of an oversized greeting without buffering it.
     */
    public int readLimit() {
        return config.maxGreetingBytes() + 1 - size;
    }

    private void ensure(int len) throws GreetingException {
        if (firstByteNanos < 0) {
            firstByteNanos = System.nanoTime() - startNanos;
        }
        long need = (long) size + len;
        if (need > config.maxGreetingBytes()) {
            throw failure(Kind.TOO_LARGE, "more than maxGreetingBytes=" + config.maxGreetingBytes()
                    + " bytes (" + need + " read so far)", null);
        }
        if (need > buf.length) {
            long grown = Math.max(need, (long) buf.length * 2);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, (long) config.maxGreetingBytes() + 1));
        }
    }

    /**
     * The server closed its end: decodes what arrived.
     *
     * @throws GreetingException {@code CLOSED} if nothing arrived, {@code MALFORMED} if the bytes
     *     do not decode in the configured format
     */
    public Greeting finish() throws GreetingException {
        long total = System.nanoTime() - startNanos;
        if (size == 0) {
            throw failure(Kind.CLOSED, "the server closed the connection without sending a greeting", null);
        }
        byte[] raw = size == buf.length ? buf : Arrays.copyOf(buf, size);
        GreetingFormat format = config.format();
        GreetingFormat.Decoded d;
        try {
            d = format.decode(raw, raw.length, config.strictUtf8(), config.zone());
        } catch (IllegalArgumentException e) {
            throw failure(Kind.MALFORMED, e.getMessage(), null);
        }
        long connect = Math.max(connectNanos, 0);
        return new Greeting(format, d.text(), raw, d.serverTime(), server, local,
                connect, firstByteNanos < 0 ? total : firstByteNanos, total);
    }

    /** A failure of this fetch, with the server's address in it. */
    public GreetingException failure(Kind kind, String detail, Throwable cause) {
        return new GreetingException(kind, server, detail, cause);
    }

    /**
     * Turns whatever went wrong into a {@link GreetingException}, telling a failed connect from a
     * failed read by whether {@link #connected} was called.
     */
    public GreetingException failure(Throwable t) {
        return Failures.classify(t, server, isConnected(), size);
    }
}
