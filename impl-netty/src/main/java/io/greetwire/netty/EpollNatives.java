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
