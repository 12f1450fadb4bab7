package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.FailureReason;
import io.greetwire.GreetingException.Kind;
import io.greetwire.internal.Failures;
import io.greetwire.internal.Failures.Cause;
import io.greetwire.tck.TestNet;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.Errors.NativeIoException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Netty's failures, from real channels where they can be forced, classified by type and errno. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyFailuresTest {

    /**
     * A read that meets the peer's reset. (Not on io_uring: Netty 4.2.18's io_uring channel may
     * miss a reset during a read, see {@link Flavour#bestForClient()}.)
     */
    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"EPOLL", "NIO"})
    void readMeetingAReset_isReset(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, flavour.ioHandlerFactory());
        try (ServerSocket listener = new ServerSocket(0, 1, TestNet.LOOPBACK)) {
            CompletableFuture<Throwable> caught = new CompletableFuture<>();
            Channel ch = new Bootstrap().group(group).channel(flavour.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            caught.complete(cause);
                            ctx.close();
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            caught.complete(null); // closed without an exception: the assertion below says so
                        }
                    })
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept()) {
                peer.setSoLinger(true, 0);
            }
            Throwable t = caught.get(20, TimeUnit.SECONDS);
            assertThat(t).as("the reset reached the handler").isNotNull();
            if (flavour == Flavour.EPOLL) {
                assertThat(t).isInstanceOf(NativeIoException.class);
                assertThat(((NativeIoException) t).expectedErr()).isEqualTo(Errors.ERRNO_ECONNRESET_NEGATIVE);
            }
            assertThat(NettyFailures.causeOf(t)).as("%s", t).isEqualTo(Cause.RESET);
            assertThat(Failures.serverReason(NettyFailures.causeOf(t))).isEqualTo(FailureReason.RESET);
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Refused connects lose their errno in Netty (a plain ConnectException): the message tells. */
    @ParameterizedTest
    @EnumSource(Flavour.class)
    void connectToAPortNobodyListensOn_isRefused(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, flavour.ioHandlerFactory());
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(TestNet.LOOPBACK, 0)); // bound, not listening
            ChannelFuture f = new Bootstrap().group(group).channel(flavour.socketChannel())
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(holder.getLocalSocketAddress()).await();
            assertThat(f.isSuccess()).isFalse();
            assertThat(NettyFailures.causeOf(f.cause())).as("%s", f.cause()).isEqualTo(Cause.REFUSED);
            assertThat(Failures.clientKind(Cause.REFUSED, false)).isEqualTo(Kind.CONNECT_REFUSED);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void connectTimeout_isTimeout_thoughItIsAConnectException() {
        ConnectTimeoutException e = new ConnectTimeoutException("connection timed out after 5000 ms: /10.0.0.1:20000");
        assertThat(NettyFailures.causeOf(e)).isEqualTo(Cause.TIMEOUT);
        assertThat(NettyFailures.causeOf(new ConnectTimeoutException())).isEqualTo(Cause.TIMEOUT);
    }

    @Test
    void nativeErrno_decides_notTheMessage() {
        assumeTrue(Flavour.EPOLL.isAvailable(), Flavour.EPOLL::unavailableReason); // loads the natives Errors reads
        assertThat(NettyFailures.causeOf(new NativeIoException("writev", Errors.ERRNO_EPIPE_NEGATIVE))).isEqualTo(Cause.RESET);
        assertThat(NettyFailures.causeOf(new NativeIoException("recv", Errors.ERRNO_ECONNRESET_NEGATIVE))).isEqualTo(Cause.RESET);
        assertThat(NettyFailures.causeOf(new NativeIoException("connect", Errors.ERROR_ECONNREFUSED_NEGATIVE)))
                .isEqualTo(Cause.REFUSED);
        assertThat(NettyFailures.causeOf(new NativeIoException("connect", Errors.ERROR_EHOSTUNREACH_NEGATIVE)))
                .isEqualTo(Cause.UNREACHABLE);
        // Wrapped, as Netty annotates connect failures with the address.
        assertThat(NettyFailures.causeOf(new java.io.IOException("annotated",
                new NativeIoException("recv", Errors.ERRNO_ECONNRESET_NEGATIVE)))).isEqualTo(Cause.RESET);
        // An errno without a cause of its own (ENOENT) is OTHER: IO on both sides.
        assertThat(NettyFailures.causeOf(new NativeIoException("open", Errors.ERRNO_ENOENT_NEGATIVE))).isEqualTo(Cause.OTHER);
    }
}
