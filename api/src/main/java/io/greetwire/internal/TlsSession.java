package io.greetwire.internal;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * One {@link SSLEngine} and its three buffers, driven by whoever does the I/O (a blocking stream
 * or a selector loop): the caller reads network bytes into {@link #netIn()}, writes
 * {@link #netOut()} out, and asks what to do next. Never blocks and does no I/O itself.
 *
 * <p>Buffers: {@code netIn} is in fill mode (the caller puts bytes at its position);
 * {@code netOut} is in drain mode (the caller writes its remaining bytes); {@code appIn} holds
 * received plaintext in drain mode. They come from, and go back to, a {@link BufferPool}.
 */
public final class TlsSession {
    /** What the caller must do next. */
    public enum Step {
        /** Read more network bytes into {@link #netIn()}, then call again. */
        READ,
        /** Write {@link #netOut()} out, then call again. */
        WRITE,
        /** Run {@link #delegatedTask()} (possibly on another thread), then call again. */
        TASK,
        /** The handshake is done (handshake), or plaintext is in {@link #appIn()} (receive). */
        DONE,
        /** The peer's close_notify arrived: no more plaintext will come. */
        CLOSED
    }

    private final SSLEngine engine;
    private final BufferPool pool;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;

    public TlsSession(SSLEngine engine, BufferPool pool) {
        this.engine = engine;
        this.pool = pool;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = pool.take(packet);
        this.netOut = pool.take(packet);
        this.netOut.flip();
        this.appIn = pool.take(engine.getSession().getApplicationBufferSize());
        this.appIn.flip();
    }

    /** The engine. */
    public SSLEngine engine() { return engine; }

    /** The session (after the handshake: the negotiated one). */
    public SSLSession session() { return engine.getSession(); }

    /** Network bytes received and not yet consumed; in fill mode, with room for at least one byte. */
    public ByteBuffer netIn() {
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn, netIn.capacity() * 2);
        }
        return netIn;
    }

    /** Network bytes to send; in drain mode. */
    public ByteBuffer netOut() { return netOut; }

    /** Plaintext received; in drain mode: the caller consumes it. */
    public ByteBuffer appIn() { return appIn; }

    /** Whether bytes wait to be sent. */
    public boolean hasOutput() { return netOut.hasRemaining(); }

    /** A task the engine delegated, or {@code null}. */
    public Runnable delegatedTask() { return engine.getDelegatedTask(); }

    /** Starts the handshake (the client's ClientHello goes into {@link #netOut()} on the next {@link #handshake()}). */
    public void begin() throws SSLException {
        engine.beginHandshake();
    }

    /**
     * Advances the handshake as far as the bytes at hand allow.
     *
     * @return {@code DONE} once it is complete and its last bytes are sent
     * @throws SSLException if the handshake fails (an alert to the peer may wait in {@link #netOut()})
     */
    public Step handshake() throws SSLException {
        while (true) {
            if (netOut.hasRemaining()) {
                return Step.WRITE;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_WRAP:
                    wrap(ByteBuffer.allocate(0));
                    break;
                case NEED_UNWRAP:
                case NEED_UNWRAP_AGAIN:
                    if (unwrap() == Step.READ) {
                        return Step.READ;
                    }
                    if (engine.isInboundDone()) {
                        throw new SSLException("the peer closed the connection during the handshake");
                    }
                    break;
                case NEED_TASK:
                    return Step.TASK;
                default:
                    return Step.DONE;
            }
        }
    }

    /**
     * Turns received network bytes into plaintext in {@link #appIn()}, answering what the peer's
     * post-handshake messages ask for (a key update, a session ticket).
     *
     * @return {@code DONE} when plaintext is there, {@code READ} when more bytes are needed,
     *     {@code WRITE} when the engine has bytes to send, {@code TASK}, or {@code CLOSED} at
     *     the peer's close_notify
     */
    public Step receive() throws SSLException {
        while (true) {
            if (appIn.hasRemaining()) {
                return Step.DONE;
            }
            if (engine.isInboundDone()) {
                return Step.CLOSED;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                return Step.TASK;
            }
            if (hs == HandshakeStatus.NEED_WRAP && !engine.isOutboundDone()) {
                wrap(ByteBuffer.allocate(0));
                if (netOut.hasRemaining()) {
                    return Step.WRITE;
                }
                continue;
            }
            if (unwrap() == Step.READ) {
                return Step.READ;
            }
        }
    }

    /**
     * The network ended (FIN). Without the peer's close_notify first, this is a truncation.
     *
     * @throws SSLException if the peer's close_notify did not arrive
     */
    public void endOfInput() throws SSLException {
        engine.closeInbound();
    }

    /**
     * Encrypts from {@code src} into {@link #netOut()} (which must be empty): as many records
     * as fit. The caller writes netOut and calls again while {@code src} has bytes.
     */
    public void send(ByteBuffer src) throws SSLException {
        wrap(src);
    }

    /** Queues close_notify in {@link #netOut()}: the caller writes it, then may close the socket. */
    public void close() throws SSLException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            int before = netOut.remaining();
            wrap(ByteBuffer.allocate(0));
            if (netOut.remaining() == before) {
                break;
            }
        }
    }

    /**
     * After a failed handshake: puts the alert the engine owes the peer into {@link #netOut()},
     * so that the peer learns why (untrusted, no common protocol) rather than seeing a bare close.
     */
    public void alert() {
        try {
            if (!engine.isOutboundDone()) {
                wrap(ByteBuffer.allocate(0));
            }
        } catch (SSLException | RuntimeException ignored) {
            // nothing more to tell the peer
        }
    }

    /** Gives the buffers back; the session is unusable afterwards. Idempotent. */
    public void release() {
        if (netIn != null) {
            pool.give(netIn);
            pool.give(netOut);
            pool.give(appIn);
            netIn = netOut = appIn = null;
        }
    }

    private void wrap(ByteBuffer src) throws SSLException {
        netOut.compact();
        try {
            while (true) {
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = grow(netOut, netOut.capacity() + engine.getSession().getPacketBufferSize());
                    continue;
                }
                // One more record while there is plaintext and room; a fresh wrap reports what it did.
                if (r.getStatus() == SSLEngineResult.Status.OK && src.hasRemaining()
                        && netOut.remaining() >= engine.getSession().getPacketBufferSize()) {
                    continue;
                }
                return;
            }
        } finally {
            netOut.flip();
        }
    }

    /** One unwrap; READ when the bytes at hand do not make a whole record. */
    private Step unwrap() throws SSLException {
        netIn.flip();
        appIn.compact();
        try {
            while (true) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW:
                        if (netIn.limit() == netIn.capacity()) {
                            netIn.compact();
                            netIn = grow(netIn, engine.getSession().getPacketBufferSize() + netIn.capacity());
                            netIn.flip();
                        }
                        return Step.READ;
                    case BUFFER_OVERFLOW:
                        appIn = grow(appIn, appIn.capacity() + engine.getSession().getApplicationBufferSize());
                        continue;
                    default:
                        return Step.DONE;
                }
            }
        } finally {
            netIn.compact();
            appIn.flip();
        }
    }

    /** A bigger buffer with the same contents, the old one back to the pool; both in fill mode. */
    private ByteBuffer grow(ByteBuffer b, int capacity) {
        ByteBuffer n = pool.take(capacity);
        b.flip();
        n.put(b);
        pool.give(b);
        return n;
    }
}
