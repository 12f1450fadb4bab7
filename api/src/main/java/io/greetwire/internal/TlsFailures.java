package io.greetwire.internal;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in a few words why a TLS handshake failed, from the JDK's or OpenSSL's exception: the
 * words are what a user searches for (untrusted, expired, name mismatch, no common protocol).
 */
public final class TlsFailures {
    private TlsFailures() { }

    /** Whether {@code t} or a cause of it is a TLS failure. */
    public static boolean isTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The reason, e.g. {@code "untrusted certificate"}, followed by the exception's own words. */
    public static String reason(Throwable t) {
        return kind(t) + " (" + innermost(t) + ")";
    }

    private static String kind(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return "expired certificate";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "certificate not yet valid";
            }
            all.append(c.getMessage()).append(' ');
        }
        String m = all.toString().toLowerCase(Locale.ROOT);
        if (m.contains("certificate_expired") || m.contains("certificate expired") || m.contains("notafter")) {
            return "expired certificate";
        }
        if (m.contains("subject alternative") || m.contains("no name matching") || m.contains("hostname")
                || m.contains("does not match")) {
            return "name mismatch";
        }
        if (m.contains("pkix") || m.contains("certification path") || m.contains("unknown_ca")
                || m.contains("certificate_unknown") || m.contains("bad_certificate") || m.contains("unable to get local issuer")
                || m.contains("self signed") || m.contains("self-signed") || m.contains("certificate verify failed")) {
            return "untrusted certificate";
        }
        if (m.contains("certificate_required") || m.contains("empty client certificate") || m.contains("peer sent no certificates")) {
            return "no client certificate";
        }
        if (m.contains("protocol_version") || m.contains("no appropriate protocol") || m.contains("protocol is disabled")
                || m.contains("unsupported protocol") || m.contains("no common cipher") || m.contains("no cipher suites in common")
                || m.contains("insufficient_security")) {
            return "no common protocol";
        }
        if (m.contains("unrecognized ssl message") || m.contains("plaintext connection") || m.contains("not an ssl/tls record")
                || m.contains("wrong_version_number") || m.contains("http_request") || m.contains("unsupported or unrecognized")) {
            return "the peer does not speak TLS";
        }
        if (m.contains("terminated the handshake") || m.contains("closing inbound") || m.contains("shut down incorrectly")
                || m.contains("connection closed") || m.contains("closed")) {
            return "the peer closed the connection during the handshake";
        }
        return "handshake failed";
    }

    private static String innermost(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) + "..." : m));
    }
}
