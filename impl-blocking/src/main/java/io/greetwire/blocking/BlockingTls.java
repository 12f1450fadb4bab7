package io.greetwire.blocking;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.Greeting;
import io.greetwire.internal.TlsFetch;
import io.greetwire.internal.BufferPool;
import io.greetwire.internal.GreetingReader;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsSession;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * TLS driven by hand over a blocking {@link TlsWire}: an {@link javax.net.ssl.SSLEngine} (a
 * {@link TlsSession}) rather than an {@code SSLSocket}, because an {@code SSLSocket} reports a FIN
 * without close_notify as a normal end of stream, and a cut greeting must not pass for a whole one;
 * and because an {@code SSLSocket} cannot layer over a Unix socket, which exists only as a channel.
 * Delegated tasks run on the calling thread: it blocks anyway.
 */
final class BlockingTls {
    private BlockingTls() { }

    /** A fetch over a connected TCP socket; see {@link #fetch(TlsWire, GreetingReader, ClientConfig, ClientTls, BufferPool)}. */
    static Greeting fetch(Socket socket, GreetingReader reader, ClientConfig config, ClientTls tls, BufferPool pool)
            throws IOException {
        socket.setTcpNoDelay(true); // the handshake's small writes must not wait for delayed ACKs
        return fetch(TlsWire.of(socket), reader, config, tls, pool);
    }

    /**
     * Handshakes within the connect timeout, then reads to the server's close_notify within the
     * read timeout; a FIN before the close_notify is {@code TRUNCATED}.
     */
    static Greeting fetch(TlsWire wire, GreetingReader reader, ClientConfig config, ClientTls tls, BufferPool pool)
            throws IOException {
        TlsSession session;
        try {
            session = new TlsSession(TlsEngines.client(tls, reader.server()), pool);
        } catch (IllegalArgumentException e) { // no name to check (a Unix socket without serverName)
            throw reader.tlsFailure(e);
        }
        try {
            long deadline = System.nanoTime() + config.connectTimeout().toNanos();
            try {
                session.begin();
                handshake(session, wire, deadline);
            } catch (SSLException e) {
                flushQuietly(session, wire); // the alert, so that the server learns why
                throw reader.tlsFailure(e);
            }
            reader.tlsDone(session.session().getProtocol(), TlsFetch.resumed(session.session(), reader));
            deadline = System.nanoTime() + config.readTimeout().toNanos();
            while (true) {
                TlsSession.Step step;
                try {
                    step = session.receive();
                } catch (SSLException e) {
                    throw TlsFetch.receiveFailure(reader, e);
                }
                switch (step) {
                    case DONE:
                        ByteBuffer app = session.appIn();
                        if (app.remaining() > reader.readLimit()) {
                            app.limit(app.position() + reader.readLimit());
                        }
                        reader.append(app);
                        break;
                    case CLOSED:
                        return reader.finish();
                    case WRITE:
                        wire.write(session.netOut());
                        break;
                    case TASK:
                        runTasks(session);
                        break;
                    default:
                        if (wire.read(session.netIn(), deadline) < 0) {
                            try {
                                session.endOfInput();
                            } catch (SSLException e) {
                                throw reader.truncated(e);
                            }
                        }
                        break;
                }
            }
        } finally {
            session.release();
        }
    }

    /**
     * Completes a handshake (either side) before {@code deadlineNanos}.
     *
     * @throws SSLException if it failed, also when the peer closed the connection midway
     */
    static void handshake(TlsSession session, TlsWire wire, long deadlineNanos) throws IOException {
        while (true) {
            switch (session.handshake()) {
                case DONE:
                    return;
                case WRITE:
                    wire.write(session.netOut());
                    break;
                case TASK:
                    runTasks(session);
                    break;
                default:
                    if (wire.read(session.netIn(), deadlineNanos) < 0) {
                        session.endOfInput(); // throws: no close_notify in a handshake
                        throw new SSLException("the peer closed the connection during the handshake");
                    }
                    break;
            }
        }
    }

    /**
     * Encrypts {@code src}'s remaining bytes and writes them out; {@code sent} hears the plaintext
     * bytes as their records reach the kernel (so that a failure can say how far it got).
     */
    static void send(TlsSession session, TlsWire wire, ByteBuffer src, java.util.function.IntConsumer sent)
            throws IOException {
        while (src.hasRemaining()) {
            int before = src.remaining();
            session.send(src);
            wire.write(session.netOut());
            sent.accept(before - src.remaining());
        }
    }

    /** Sends close_notify; the caller then closes the connection (the FIN). */
    static void closeNotify(TlsSession session, TlsWire wire) throws IOException {
        session.close();
        if (session.hasOutput()) {
            wire.write(session.netOut());
        }
    }

    private static void runTasks(TlsSession session) {
        for (Runnable task = session.delegatedTask(); task != null; task = session.delegatedTask()) {
            task.run();
        }
    }

    /** After a failed handshake: the alert the engine owes the peer, best effort. */
    static void flushQuietly(TlsSession session, TlsWire wire) {
        try {
            session.alert();
            if (session.hasOutput()) {
                wire.write(session.netOut());
            }
        } catch (IOException ignored) {
            // the handshake failure is what counts
        }
    }
}
