package io.greetwire.bench;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

/**
 * The baselines and the raw client open their sockets as the transports do: IPv4-only for a specific IPv4
 * address (the kernel's v4-mapped path on a dual-stack socket costs about 1 µs a connection), so
 * that a transport and its baseline are compared like for like.
 */
final class Ipv4 {
    private Ipv4() { }

    /** Whether {@code a} is a specific (not wildcard) IPv4 address. */
    static boolean only(SocketAddress a) {
        return a instanceof InetSocketAddress && ((InetSocketAddress) a).getAddress() instanceof Inet4Address
                && !((InetSocketAddress) a).getAddress().isAnyLocalAddress();
    }

    /** A TCP client channel, IPv4-only where {@link #only} says so. */
    static java.nio.channels.SocketChannel open(SocketAddress a) throws IOException {
        return only(a) ? java.nio.channels.SocketChannel.open(StandardProtocolFamily.INET) : java.nio.channels.SocketChannel.open();
    }

    /** A TCP listening channel, IPv4-only where {@link #only} says so. */
    static ServerSocketChannel openServer(SocketAddress a) throws IOException {
        return only(a) ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
    }
}
