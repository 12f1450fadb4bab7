package io.greetwire.netty;

import io.netty.channel.Channel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;

/**
 * The end of a greeting on a corked TCP socket (epoll, io_uring): the output is shut down before
 * the close. A client that sent something before it read (a line typed into {@code nc}, an HTTP
 * request to the wrong port) leaves unread bytes behind, and Linux closes such a socket with a
 * reset that discards what it has not sent yet: corked, that was the whole greeting, and the
 * client got a reset and not one byte. Shutting down sends the greeting and the FIN at once, in
 * the one segment the cork was for; the reset the close still sends comes after them.
 *
 * <p>Names {@code netty-transport-native-unix-common}'s classes, an optional dependency: only
 * the native flavours load this class.
 */
final class CorkedClose {
    private CorkedClose() { }

    /**
     * Sends what is corked and the FIN now.
     *
     * @param ch an epoll or io_uring TCP channel, or one that was never registered
     * @throws IOException the socket failed
     * @throws java.nio.channels.NotYetConnectedException the peer reset it first (ENOTCONN)
     */
    static void shutdownOutput(Channel ch) throws IOException {
        FileDescriptor fd = ((UnixChannel) ch).fd();
        if (fd instanceof Socket) {
            ((Socket) fd).shutdown(false, true);
        }
    }
}
