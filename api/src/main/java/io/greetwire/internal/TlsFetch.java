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

    /** The value a client binds to each session it has handshaken, to know it again when resumed. */
    static final String SEEN = "io.greetwire.handshaken";

    /**
     * Whether the handshake resumed a session, and marks the session so that a later fetch that
     * resumes it knows. The JDK makes a resumed TLS 1.3 session from the ticket of an earlier
     * one, and the copy shares the earlier session's bound values; a full handshake makes a
     * session with none. (The session's creation time alone misjudged: a resumed session keeps
     * its original one, which is only a millisecond or two older than the next fetch when that
     * follows at once.) The creation time still decides for an engine whose sessions keep no
     * values: a session created before this fetch began is resumed.
     */
    public static boolean resumed(SSLSession session, GreetingReader reader) {
        boolean seen = session.getValue(SEEN) != null;
        if (!seen) {
            session.putValue(SEEN, Boolean.TRUE);
        }
        long startedMillis = System.currentTimeMillis() - (System.nanoTime() - reader.startNanos()) / 1_000_000;
        return seen || session.getCreationTime() < startedMillis - 1;
    }
}
