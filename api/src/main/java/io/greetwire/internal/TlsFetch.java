package io.greetwire.internal;

import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import javax.net.ssl.SSLSession;

/** What every TLS client decides alike once its handshake is done. */
public final class TlsFetch {
    private TlsFetch() { }

    /**
     * A TLS error while reading. Before the first greeting byte it is the server's verdict on
     * the handshake arriving late: in TLS 1.3 the client's handshake is done before the server
     * has checked the client's certificate, so a rejection comes as the first record read.
     */
    public static GreetingException receiveFailure(GreetingReader reader, Throwable e) {
        if (reader.size() == 0) {
            return reader.tlsFailure(e);
        }
        return reader.failure(Kind.IO, "TLS error after " + reader.size() + " bytes: " + e.getMessage(), e);
    }

    /**
     * Whether the handshake resumed a session: the session existed before this fetch began
     * (the JDK gives a resumed session its original creation time).
     */
    public static boolean resumed(SSLSession session, GreetingReader reader) {
        long startedMillis = System.currentTimeMillis() - (System.nanoTime() - reader.startNanos()) / 1_000_000;
        return session.getCreationTime() < startedMillis - 1;
    }
}
