package io.greetwire.bench;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.Locale;

/** Netty's I/O flavours as the baseline uses them; {@code auto} picks like the Netty transport. */
enum NettyFlavour {
    IO_URING, EPOLL, NIO;

    /** The name as written in benchmark parameters and in {@code netty.flavour}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code auto}/empty: io_uring if it loads here, else epoll, else NIO. */
    static NettyFlavour resolve(String name) {
        if (name == null || name.isEmpty() || name.equals("auto")) {
            if (available(IO_URING)) {
                return IO_URING;
            }
            return available(EPOLL) ? EPOLL : NIO;
        }
        NettyFlavour f;
        try {
            f = valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Netty flavour '" + name + "'; known: auto, io_uring, epoll, nio");
        }
        if (!available(f)) {
            throw new IllegalStateException("Netty flavour " + f.id() + " is not available here: " + unavailability(f));
        }
        return f;
    }

    static boolean available(NettyFlavour f) {
        try {
            switch (f) {
                case IO_URING: return IoUring.isAvailable();
                case EPOLL: return Epoll.isAvailable();
                default: return true;
            }
        } catch (Throwable t) {
            return false;
        }
    }

    static String unavailability(NettyFlavour f) {
        try {
            switch (f) {
                case IO_URING: return String.valueOf(IoUring.unavailabilityCause());
                case EPOLL: return String.valueOf(Epoll.unavailabilityCause());
                default: return "";
            }
        } catch (Throwable t) {
            return t.toString();
        }
    }

    IoHandlerFactory handlerFactory() {
        switch (this) {
            case IO_URING: return IoUringIoHandler.newFactory();
            case EPOLL: return EpollIoHandler.newFactory();
            default: return NioIoHandler.newFactory();
        }
    }

    /** The TCP listening channel for {@code bindTo}: IPv4-only where {@link Ipv4#only} says so and the flavour can. */
    io.netty.channel.ChannelFactory<ServerChannel> serverChannelFactory(java.net.SocketAddress bindTo) {
        if (Ipv4.only(bindTo) && this == EPOLL) {
            return () -> new EpollServerSocketChannel(io.netty.channel.socket.SocketProtocolFamily.INET);
        }
        if (Ipv4.only(bindTo) && this == NIO) {
            return () -> new NioServerSocketChannel(java.nio.channels.spi.SelectorProvider.provider(),
                    io.netty.channel.socket.SocketProtocolFamily.INET);
        }
        Class<? extends ServerChannel> c = serverChannel();
        return new io.netty.channel.ReflectiveChannelFactory<>(c)::newChannel;
    }

    /** The listening channel for a Unix domain socket. */
    Class<? extends ServerChannel> domainServerChannel() {
        switch (this) {
            case IO_URING: return io.netty.channel.uring.IoUringServerDomainSocketChannel.class;
            case EPOLL: return io.netty.channel.epoll.EpollServerDomainSocketChannel.class;
            default: return io.netty.channel.socket.nio.NioServerDomainSocketChannel.class;
        }
    }

    /** {@code address} as this flavour's channels take it: the native ones want Netty's DomainSocketAddress. */
    java.net.SocketAddress channelAddress(java.net.SocketAddress address) {
        if (this != NIO && address instanceof java.net.UnixDomainSocketAddress) {
            return new io.netty.channel.unix.DomainSocketAddress(((java.net.UnixDomainSocketAddress) address).getPath().toString());
        }
        return address;
    }

    Class<? extends ServerChannel> serverChannel() {
        switch (this) {
            case IO_URING: return IoUringServerSocketChannel.class;
            case EPOLL: return EpollServerSocketChannel.class;
            default: return NioServerSocketChannel.class;
        }
    }
}
