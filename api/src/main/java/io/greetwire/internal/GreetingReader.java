package io.greetwire.internal;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * The client side of one fetch, the same for every transport: records the timings, gathers the
 * bytes up to the configured maximum (failing as soon as it is passed, not after) and decodes
 * them at the end of the stream. Not thread-safe: one fetch, one thread or event loop at a time.
 */
public final class GreetingReader {
    private static final int INITIAL_CAPACITY = 256;
    /** The largest piece: big greetings are gathered in pieces and copied once, at the end. */
    private static final int MAX_PIECE = 1 << 20;

    private final ClientConfig config;
    private final SocketAddress server;
    private final long startNanos;
    private long connectNanos = -1;
    private long firstByteNanos = -1;
    private long tlsNanos = -1;
    private String tlsProtocol;
    private boolean tlsResumed;
    private SocketAddress local;
    /** Full pieces before {@link #buf}; null until the first fills up. */
    private java.util.ArrayList<byte[]> full;
    private byte[] buf;
    private int bufUsed;
    private int size;

    /** Starts the clock: call just before connecting. */
    public GreetingReader(ClientConfig config, SocketAddress server) {
        this.config = config;
        this.server = server;
        this.startNanos = System.nanoTime();
        this.buf = new byte[Math.min(INITIAL_CAPACITY, config.maxGreetingBytes() + 1)];
    }

    /** The server this fetch goes to. */
    public SocketAddress server() {
        return server;
    }

    /** When the fetch started, in {@link System#nanoTime()} terms. */
    public long startNanos() {
        return startNanos;
    }

    /** The handshake completed; {@code localAddress} is the client's end. */
    public void connected(SocketAddress localAddress) {
        this.connectNanos = System.nanoTime() - startNanos;
        this.local = localAddress;
    }

    /** The TLS handshake completed with {@code protocol}; {@code resumed} if it resumed a session. */
    public void tlsDone(String protocol, boolean resumed) {
        this.tlsNanos = System.nanoTime() - startNanos;
        this.tlsProtocol = protocol;
        this.tlsResumed = resumed;
    }

    /** Whether {@link #tlsDone} was called. */
    public boolean isTlsDone() {
        return tlsNanos >= 0;
    }

    /** A TLS handshake failure, with the reason in words. */
    public GreetingException tlsFailure(Throwable cause) {
        return failure(Kind.TLS_HANDSHAKE, TlsFailures.reason(cause), cause);
    }

    /** Over TLS, the stream ended without the server's close_notify. */
    public GreetingException truncated(Throwable cause) {
        return failure(Kind.TRUNCATED, "the connection ended without the server's close_notify after " + size
                + " bytes: a cut greeting is not a greeting", cause);
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
        while (len > 0) {
            int n = Math.min(len, room());
            System.arraycopy(src, off, buf, bufUsed, n);
            bufUsed += n;
            size += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Reads once from {@code in} straight into this reader's own buffer (no intermediate copy, no
     * read buffer per fetch), never more than {@link #readLimit()} bytes.
     *
     * @return the bytes read, or -1 at the end of the stream
     * @throws GreetingException {@code TOO_LARGE} once more than the maximum has arrived
     * @throws IOException what the read threw
     */
    public int readFrom(InputStream in) throws IOException {
        int max = Math.min(room(), readLimit()); // first: room() may start a new piece
        int n = in.read(buf, bufUsed, max);
        if (n > 0) {
            ensure(n);
            bufUsed += n;
            size += n;
        }
        return n;
    }

    /**
     * Reads once from {@code ch} straight into this reader's own buffer, never more than
     * {@link #readLimit()} bytes; like {@link #readFrom(InputStream)}.
     *
     * @return the bytes read, or -1 at the end of the stream
     * @throws GreetingException {@code TOO_LARGE} once more than the maximum has arrived
     * @throws IOException what the read threw
     */
    public int readFrom(ReadableByteChannel ch) throws IOException {
        int max = Math.min(room(), readLimit()); // first: room() may start a new piece
        int n = ch.read(ByteBuffer.wrap(buf, bufUsed, max));
        if (n > 0) {
            ensure(n);
            bufUsed += n;
            size += n;
        }
        return n;
    }

    /** Adds the remaining bytes of {@code src}, consuming them. */
    public void append(ByteBuffer src) throws GreetingException {
        int len = src.remaining();
        if (len <= 0) {
            return;
        }
        ensure(len);
        while (len > 0) {
            int n = Math.min(len, room());
            src.get(buf, bufUsed, n);
            bufUsed += n;
            size += n;
            len -= n;
        }
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
    }

    /**
     * Room in the current piece, starting a new one when it is full. Small greetings stay in one
     * piece that doubles (no copy of a big buffer ever: pieces stop growing at {@link #MAX_PIECE}).
     */
    private int room() {
        if (bufUsed < buf.length) {
            return buf.length - bufUsed;
        }
        int next = Math.min(buf.length * 2, MAX_PIECE);
        if (full == null && next <= MAX_PIECE && buf.length < MAX_PIECE) {
            buf = Arrays.copyOf(buf, next); // small: grow in place
        } else {
            if (full == null) {
                full = new java.util.ArrayList<>();
            }
            full.add(buf);
            buf = new byte[next];
            bufUsed = 0;
        }
        return buf.length - bufUsed;
    }

    /** All bytes in one array of exactly {@link #size()}: one copy. */
    private byte[] gathered() {
        if (full == null) {
            return size == buf.length ? buf : Arrays.copyOf(buf, size);
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] piece : full) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        System.arraycopy(buf, 0, all, at, bufUsed);
        return all;
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
        byte[] raw = gathered();
        GreetingFormat format = config.format();
        GreetingFormat.Decoded d;
        if (format == GreetingFormat.TEXT && !config.strictUtf8()) {
            // Nothing to check, and a large text is decoded only if someone asks for it.
            d = new GreetingFormat.Decoded(null, null);
        } else {
            try {
                d = format.decode(raw, raw.length, config.strictUtf8(), config.clock().getZone());
            } catch (IllegalArgumentException e) {
                throw failure(Kind.MALFORMED, e.getMessage(), null);
            }
        }
        long connect = Math.max(connectNanos, 0);
        return new Greeting(format, d.text(), raw, d.serverTime(), server, local,
                connect, tlsNanos, tlsProtocol, tlsResumed, firstByteNanos < 0 ? total : firstByteNanos, total);
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
        if (!isTlsDone() && isConnected() && TlsFailures.isTls(t)) {
            return tlsFailure(t);
        }
        return Failures.classify(t, server, isConnected(), size);
    }

    /** Like {@link #failure(Throwable)}, for a transport that worked out the cause itself. */
    public GreetingException failure(Failures.Cause cause, Throwable t) {
        return Failures.classify(cause, t, server, isConnected(), size);
    }
}
