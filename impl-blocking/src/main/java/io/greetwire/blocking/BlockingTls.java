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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLException;

/**
 * A fetch over TLS on a connected socket: an {@link javax.net.ssl.SSLEngine} driven over the
 * socket's streams rather than an {@code SSLSocket}, because an {@code SSLSocket} reports a FIN
 * without close_notify as a normal end of stream, and a cut greeting must not pass for a whole one.
 */
final class BlockingTls {
    private BlockingTls() { }

    /** Handshakes within the connect timeout, then reads to the server's close_notify within the read timeout. */
    static Greeting fetch(Socket socket, GreetingReader reader, ClientConfig config, ClientTls tls, BufferPool pool)
            throws IOException {
        socket.setTcpNoDelay(true); // the handshake's small writes must not wait for delayed ACKs
        TlsSession session;
        try {
            session = new TlsSession(TlsEngines.client(tls, reader.server()), pool);
        } catch (IllegalArgumentException e) { // no name to check (a Unix socket without serverName)
            throw reader.tlsFailure(e);
        }
        try {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            long deadline = System.nanoTime() + config.connectTimeout().toNanos();
            try {
                session.begin();
                handshake(session, socket, in, out, deadline);
            } catch (SSLException e) {
                flushQuietly(session, out); // the alert, so that the server learns why
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
                        write(session, out);
                        break;
                    case TASK:
                        runTasks(session);
                        break;
                    default:
                        if (!read(session, socket, in, deadline)) {
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

    private static void handshake(TlsSession session, Socket socket, InputStream in, OutputStream out, long deadline)
            throws IOException {
        while (true) {
            switch (session.handshake()) {
                case DONE:
                    return;
                case WRITE:
                    write(session, out);
                    break;
                case TASK:
                    runTasks(session);
                    break;
                default:
                    if (!read(session, socket, in, deadline)) {
                        session.endOfInput(); // throws: no close_notify in a handshake
                        throw new SSLException("the server closed the connection during the handshake");
                    }
                    break;
            }
        }
    }

    private static void runTasks(TlsSession session) {
        for (Runnable task = session.delegatedTask(); task != null; task = session.delegatedTask()) {
            task.run();
        }
    }

    private static void write(TlsSession session, OutputStream out) throws IOException {
        ByteBuffer b = session.netOut();
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        b.position(b.limit());
    }

    private static void flushQuietly(TlsSession session, OutputStream out) {
        try {
            session.alert();
            if (session.hasOutput()) {
                write(session, out);
            }
        } catch (IOException ignored) {
            // the handshake failure is what counts
        }
    }

    /** Reads what arrives into the session before the deadline; false at end of stream. */
    private static boolean read(TlsSession session, Socket socket, InputStream in, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("read timed out");
        }
        socket.setSoTimeout(BlockingClient.timeoutMillis(left));
        ByteBuffer b = session.netIn();
        int n = in.read(b.array(), b.arrayOffset() + b.position(), b.remaining());
        if (n < 0) {
            return false;
        }
        b.position(b.position() + n);
        return true;
    }
}
