package io.greetwire.bench;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns "the client ran out of ephemeral ports" (EADDRNOTAVAIL, "Cannot assign requested address")
 * into a failure that says so, instead of a benchmark that silently slows down or reports a
 * generic I/O error.
 *
 * <p>In this protocol the server closes first, so TIME_WAIT lands on the server's side and the
 * client's ports come back as soon as it has read the end of stream. A client that runs out of
 * ports is a sign that something closed first on the client side (a reset, a timeout) or that
 * the rate is beyond what {@code net.ipv4.ip_local_port_range} can carry.
 */
public final class PortExhaustion {
    private PortExhaustion() { }

    /** Whether {@code t} or one of its causes is EADDRNOTAVAIL. */
    public static boolean isExhaustion(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String msg = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (msg.contains("cannot assign requested address") || msg.contains("eaddrnotavail")
                    || (c instanceof BindException && msg.contains("address not available"))) {
                return true;
            }
        }
        return false;
    }

    /** An exception that explains the failure; {@code cause} is kept. */
    public static IllegalStateException explain(java.net.SocketAddress server, Throwable cause) {
        return new IllegalStateException("the client ran out of ephemeral ports connecting to " + server
                + " (EADDRNOTAVAIL: Cannot assign requested address). Every connection takes a local port;"
                + " in this protocol the server closes first, so TIME_WAIT should land on the server's side"
                + " and the client's ports come back at once. Running out means connections are closed from"
                + " the client's side first (resets, timeouts) or the rate exceeds the port range "
                + portRange() + " (net.ipv4.ip_local_port_range, tcp_tw_reuse=" + sysctl("tcp_tw_reuse")
                + "). Lower the concurrency/rate or widen the range; refusing to go on rather than"
                + " measuring a slowed-down client.", cause);
    }

    /** Throws {@link #explain} if {@code t} is EADDRNOTAVAIL; returns normally otherwise. */
    public static void check(java.net.SocketAddress server, Throwable t) {
        if (isExhaustion(t)) {
            throw explain(server, t);
        }
    }

    static String portRange() {
        String r = sysctl("ip_local_port_range");
        return r.equals("?") ? "?" : r.replaceAll("\\s+", "-");
    }

    private static String sysctl(String name) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4", name)).trim();
        } catch (Exception e) {
            return "?";
        }
    }
}
