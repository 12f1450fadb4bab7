package io.greetwire.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.uring.IoUringDomainSocketChannel;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.channel.socket.SocketChannel;

/**
 * Everything that names the io_uring classes, kept apart so that nothing loads them unless io_uring was
 * found to be available: {@code netty-transport-classes-io_uring} is an optional dependency.
 */
final class IoUringNatives {
    /**
     * Netty 4.2.18's multishot POLL_ADD loses the readiness of a socket that the peer resets
     * while data is still arriving: the channel stops reading and never sees the reset (a plain
     * Netty io_uring client hung on every one of 40 tries here; with single-shot polls, on none).
     * Unless the application chose otherwise, use single-shot polls. The property is read once,
     * when {@code IoUring} initialises, so it is set before this class touches it.
     */
    static final String POLL_ADD_MULTISHOT = "io.netty.iouring.pollAddMultishotEnabled";

    static {
        try {
            if (System.getProperty(POLL_ADD_MULTISHOT) == null) {
                System.setProperty(POLL_ADD_MULTISHOT, "false");
            }
        } catch (RuntimeException ignored) {
            // a security manager said no: keep Netty's default
        }
    }

    private IoUringNatives() { }

    /** An empty string when io_uring works here, else why not. Never throws. */
    static String unavailableReason() {
        try {
            if (IoUring.isAvailable()) {
                return "";
            }
            Throwable cause = IoUring.unavailabilityCause();
            return "io_uring is not available: " + (cause == null ? "unknown reason" : cause.toString());
        } catch (Throwable t) { // NoClassDefFoundError without the optional jar, or a native load failure
            return "io_uring is not available: netty-transport-classes-io_uring and netty-transport-native-io_uring"
                    + " (classifier linux-x86_64) are not on the class path (" + t + ")";
        }
    }

    static IoHandlerFactory ioHandlerFactory() {
        return IoUringIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return IoUringServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> socketChannel() {
        return IoUringSocketChannel.class;
    }

    static Class<? extends Channel> domainSocketChannel() {
        return IoUringDomainSocketChannel.class;
    }

    static Class<? extends ServerChannel> domainServerChannel() {
        return IoUringServerDomainSocketChannel.class;
    }

    static ChannelOption<Boolean> tcpCork() {
        return IoUringChannelOption.TCP_CORK;
    }

    static ChannelOption<Boolean> reusePort() {
        return IoUringChannelOption.SO_REUSEPORT;
    }
}
