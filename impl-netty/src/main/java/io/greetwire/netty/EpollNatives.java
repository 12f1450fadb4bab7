package io.greetwire.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * Everything that names the epoll classes, kept apart so that nothing loads them unless epoll was
 * found to be available: {@code netty-transport-classes-epoll} is an optional dependency.
 */
final class EpollNatives {
    private EpollNatives() { }

    /** An empty string when epoll works here, else why not. Never throws. */
    static String unavailableReason() {
        try {
            if (Epoll.isAvailable()) {
                return "";
            }
            Throwable cause = Epoll.unavailabilityCause();
            return "epoll is not available: " + (cause == null ? "unknown reason" : cause.toString());
        } catch (Throwable t) { // NoClassDefFoundError without the optional jar, or a native load failure
            return "epoll is not available: netty-transport-classes-epoll and netty-transport-native-epoll"
                    + " (classifier linux-x86_64) are not on the class path (" + t + ")";
        }
    }

    static IoHandlerFactory ioHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EpollServerSocketChannel.class;
    }

    /** An IPv4-only listening channel (see {@code Addresses.ipv4Only}). */
    static ServerChannel ipv4ServerChannel() {
        return new EpollServerSocketChannel(io.netty.channel.socket.SocketProtocolFamily.INET);
    }

    /**
     * Writes {@code greeting} (direct; its position and limit are not moved), corked on TCP, straight to the
     * socket of {@code child}, an accepted epoll channel that is not registered with a loop yet.
     *
     * @return the bytes the socket took: all of them, or fewer when its send buffer is full
     * @throws IOException the write failed (the peer reset, for one)
     */
    static int writeUnregistered(Channel child, java.nio.ByteBuffer greeting) throws java.io.IOException {
        if (child instanceof EpollSocketChannel) {
            // As the loops' sockets (childOption TCP_CORK): the greeting and the FIN in one segment.
            ((EpollSocketChannel) child).config().setTcpCork(true);
        }
        return ((io.netty.channel.unix.UnixChannel) child).fd().write(greeting, greeting.position(), greeting.limit());
    }

    /**
     * Closes the socket of {@code child}, which was never registered (so no loop, epoll set or
     * pipeline holds it); the channel object is left to the garbage collector.
     */
    static void closeUnregistered(Channel child) throws java.io.IOException {
        ((io.netty.channel.unix.UnixChannel) child).fd().close();
    }

    /** An IPv4-only client channel (see {@code Addresses.ipv4Only}). */
    static Channel ipv4SocketChannel() {
        return new EpollSocketChannel(io.netty.channel.socket.SocketProtocolFamily.INET);
    }

    static Class<? extends SocketChannel> socketChannel() {
        return EpollSocketChannel.class;
    }

    static Class<? extends Channel> domainSocketChannel() {
        return EpollDomainSocketChannel.class;
    }

    static Class<? extends ServerChannel> domainServerChannel() {
        return EpollServerDomainSocketChannel.class;
    }

    static ChannelOption<Boolean> tcpCork() {
        return EpollChannelOption.TCP_CORK;
    }

    static ChannelOption<Boolean> reusePort() {
        return EpollChannelOption.SO_REUSEPORT;
    }
}
