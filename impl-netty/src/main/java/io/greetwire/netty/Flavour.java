package io.greetwire.netty;

import io.greetwire.internal.Addresses;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.Locale;

/**
 * The I/O engines the Netty transport runs on, fastest first. The native ones are touched only
 * through {@link IoUringNatives} and {@link EpollNatives}, after their availability was checked, so
 * that their optional jars may be missing.
 */
enum Flavour {
    IO_URING("io_uring"),
    EPOLL("epoll"),
    NIO("nio");

    private final String id;
    private volatile String unavailableReason; // computed once; native probing is not free

    Flavour(String id) {
        this.id = id;
    }

    /** The name in options, logs and stats: {@code io_uring}, {@code epoll}, {@code nio}. */
    String id() {
        return id;
    }

    /** Whether it can run here. Never throws. */
    boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** Why not, or an empty string. Never throws. */
    String unavailableReason() {
        String r = unavailableReason;
        if (r == null) {
            try {
                switch (this) {
                    case IO_URING: r = IoUringNatives.unavailableReason(); break;
                    case EPOLL: r = EpollNatives.unavailableReason(); break;
                    default: r = ""; break;
                }
            } catch (Throwable t) {
                r = id + " is not available: " + t;
            }
            unavailableReason = r;
        }
        return r;
    }

    /** The fastest flavour that runs here; NIO always does. */
    static Flavour best() {
        for (Flavour f : values()) {
            if (f.isAvailable()) {
                return f;
            }
        }
        return NIO;
    }

    /**
     * What a server runs when nothing is forced: epoll before io_uring. Netty 4.2.18's io_uring
     * server channel cannot pause accepting: while accept fails with EMFILE it keeps retrying
     * (a quarter to a third of a core in the fault suite, where epoll and NIO pause at under 1 %),
     * and turning auto-read off and on made it close the connections it accepted afterwards.
     */
    static Flavour bestForServer() {
        return EPOLL.isAvailable() ? EPOLL : best();
    }

    /**
     * What a client runs when nothing is forced: epoll before io_uring. A client reads, and Netty
     * 4.2.18's io_uring channel sometimes misses a reset that arrives while it reads (the fetch then
     * ends only at the read timeout).
     */
    static Flavour bestForClient() {
        return EPOLL.isAvailable() ? EPOLL : best();
    }

    /** The flavour named {@code id}, or {@code null}. */
    static Flavour byId(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        for (Flavour f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        return null;
    }

    IoHandlerFactory ioHandlerFactory() {
        switch (this) {
            case IO_URING: return IoUringNatives.ioHandlerFactory();
            case EPOLL: return EpollNatives.ioHandlerFactory();
            default: return NioIoHandler.newFactory();
        }
    }

    Class<? extends ServerChannel> serverChannel() {
        switch (this) {
            case IO_URING: return IoUringNatives.serverChannel();
            case EPOLL: return EpollNatives.serverChannel();
            default: return NioServerSocketChannel.class;
        }
    }

    /**
     * The listening channel for {@code address}: IPv4-only where {@code Addresses.ipv4Only} says
     * so and the flavour can (io_uring's channel takes no family in Netty 4.2.18), else
     * {@link #serverChannel()}'s.
     */
    ChannelFactory<? extends ServerChannel> serverChannelFactory(SocketAddress address) {
        if (Addresses.ipv4Only(address) != null) {
            switch (this) {
                case EPOLL: return EpollNatives::ipv4ServerChannel;
                case NIO: return () -> new NioServerSocketChannel(SelectorProvider.provider(),
                        SocketProtocolFamily.INET);
                default: break;
            }
        }
        return new ReflectiveChannelFactory<>(serverChannel());
    }

    /** An IPv4-only client channel factory, or null where the flavour has none (io_uring in Netty 4.2.18). */
    ChannelFactory<? extends Channel> ipv4SocketChannelFactory() {
        switch (this) {
            case EPOLL: return EpollNatives::ipv4SocketChannel;
            case NIO: return Flavour::nioIpv4SocketChannel;
            default: return null;
        }
    }

    private static Channel nioIpv4SocketChannel() {
        return new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET);
    }

    Class<? extends SocketChannel> socketChannel() {
        switch (this) {
            case IO_URING: return IoUringNatives.socketChannel();
            case EPOLL: return EpollNatives.socketChannel();
            default: return NioSocketChannel.class;
        }
    }

    /** The client channel for Unix domain sockets. */
    Class<? extends Channel> domainSocketChannel() {
        switch (this) {
            case IO_URING: return IoUringNatives.domainSocketChannel();
            case EPOLL: return EpollNatives.domainSocketChannel();
            default: return NioDomainSocketChannel.class;
        }
    }

    /** The listening channel for Unix domain sockets. */
    Class<? extends ServerChannel> domainServerChannel() {
        switch (this) {
            case IO_URING: return IoUringNatives.domainServerChannel();
            case EPOLL: return EpollNatives.domainServerChannel();
            default: return NioServerDomainSocketChannel.class;
        }
    }

    /**
     * The address this flavour's channels take: the native domain channels want Netty's own
     * {@code DomainSocketAddress}, NIO's the JDK's {@link UnixDomainSocketAddress}.
     */
    SocketAddress channelAddress(SocketAddress address) {
        if (this != NIO && address instanceof UnixDomainSocketAddress) {
            return UnixNatives.toNetty((UnixDomainSocketAddress) address);
        }
        return address;
    }

    /** The API's form of an address a channel reports: the JDK's {@link UnixDomainSocketAddress} for a Unix socket. */
    static SocketAddress apiAddress(SocketAddress address) {
        if (address == null || address instanceof InetSocketAddress || address instanceof UnixDomainSocketAddress) {
            return address;
        }
        return UnixNatives.toJdk(address); // only the native domain channels report any other kind
    }

    /**
     * TCP_CORK for accepted sockets, or {@code null} where the flavour has none (the JDK does not
     * expose it to NIO). Corked, Linux sends the greeting and the FIN in one segment.
     */
    ChannelOption<Boolean> tcpCork() {
        switch (this) {
            case IO_URING: return IoUringNatives.tcpCork();
            case EPOLL: return EpollNatives.tcpCork();
            default: return null;
        }
    }

    /** SO_REUSEPORT for listening sockets. */
    ChannelOption<Boolean> reusePort() {
        switch (this) {
            case IO_URING: return IoUringNatives.reusePort();
            case EPOLL: return EpollNatives.reusePort();
            default: return NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
