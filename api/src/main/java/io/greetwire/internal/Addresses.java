package io.greetwire.internal;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
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

    /**
     * The family to open a TCP socket with for {@code address}: {@link StandardProtocolFamily#INET}
     * for a specific IPv4 address, {@code null} (the JDK's default) for anything else. The JDK's
     * default socket is IPv6 taking IPv4 through v4-mapped addresses, and on that path the kernel
     * spends about 1 µs more per connection (6 % of a greeting's server CPU in
     * {@code benchmarks/cost.sh}); a specific IPv4 address gains nothing from it. A wildcard
     * keeps the dual-stack socket, so that IPv6 clients still reach a server bound to
     * {@code 0.0.0.0}; an unresolved address keeps it too, as it may resolve to IPv6.
     */
    public static ProtocolFamily ipv4Only(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            java.net.InetAddress ip = ((InetSocketAddress) address).getAddress();
            if (ip instanceof Inet4Address && !ip.isAnyLocalAddress()) {
                return StandardProtocolFamily.INET;
            }
        }
        return null;
    }

    /** A TCP client channel for {@code server}, IPv4-only where {@link #ipv4Only} says so. */
    public static java.nio.channels.SocketChannel openTcp(SocketAddress server) throws java.io.IOException {
        ProtocolFamily family = ipv4Only(server);
        return family == null ? java.nio.channels.SocketChannel.open() : java.nio.channels.SocketChannel.open(family);
    }

    /** A TCP listening channel for {@code local}, IPv4-only where {@link #ipv4Only} says so. */
    public static java.nio.channels.ServerSocketChannel openTcpServer(SocketAddress local) throws java.io.IOException {
        ProtocolFamily family = ipv4Only(local);
        return family == null ? java.nio.channels.ServerSocketChannel.open()
                : java.nio.channels.ServerSocketChannel.open(family);
    }
}
