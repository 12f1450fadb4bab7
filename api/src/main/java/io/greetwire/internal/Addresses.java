package io.greetwire.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * How the transports name an address in messages, logs and thread names, the same for an IP
 * address and port as for a Unix socket path.
 */
public final class Addresses {
    private Addresses() { }

    /**
     * {@code 127.0.0.1:20000}, {@code [::1]:20000}, {@code unix:/run/greet.sock}; {@code ?} for
     * {@code null}, and {@code unix:(unnamed)} for the unnamed end a Unix socket client connects from.
     */
    public static String describe(SocketAddress a) {
        if (a == null) {
            return "?";
        }
        if (a instanceof InetSocketAddress) {
            InetSocketAddress i = (InetSocketAddress) a;
            String host = i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + i.getPort() : host + ":" + i.getPort();
        }
        if (a instanceof UnixDomainSocketAddress) {
            String path = ((UnixDomainSocketAddress) a).getPath().toString();
            return path.isEmpty() ? "unix:(unnamed)" : "unix:" + path;
        }
        return a.toString();
    }

    /** A short tag for thread names: the port, or the socket file's name. */
    public static String tag(SocketAddress a) {
        if (a instanceof InetSocketAddress) {
            return Integer.toString(((InetSocketAddress) a).getPort());
        }
        if (a instanceof UnixDomainSocketAddress) {
            java.nio.file.Path name = ((UnixDomainSocketAddress) a).getPath().getFileName();
            return name == null ? "unix" : name.toString();
        }
        return String.valueOf(a);
    }

    /** Whether {@code a} is a Unix domain socket address. */
    public static boolean isUnix(SocketAddress a) {
        return a instanceof UnixDomainSocketAddress;
    }
}
