package io.greetwire.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the Netty model: a plain {@link ServerBootstrap} on one event loop group (acceptor
 * and children share it) that writes a shared, unreleasable direct buffer in
 * {@code channelActive} and closes when the write completes.
 */
final class BaselineNettyServer implements BenchServer {
    private final NettyFlavour flavour;
    private final EventLoopGroup group;
    private final Channel channel;
    private final ByteBuf greeting;
    private final AtomicLong greeted = new AtomicLong();

    private final java.net.SocketAddress address;

    BaselineNettyServer(byte[] bytes, NettyFlavour flavour, int loops, java.net.SocketAddress bindTo) throws InterruptedException {
        this.flavour = flavour;
        greeting = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
        group = new MultiThreadIoEventLoopGroup(Math.max(1, loops), flavour.handlerFactory());
        Greeter greeter = new Greeter();
        try {
            boolean unix = bindTo instanceof java.net.UnixDomainSocketAddress;
            ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channelFactory(unix ? new io.netty.channel.ReflectiveChannelFactory<>(flavour.domainServerChannel())
                            : flavour.serverChannelFactory(bindTo))
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childHandler(greeter);
            if (!unix) {
                b.option(ChannelOption.SO_REUSEADDR, true);
            }
            channel = b.bind(flavour.channelAddress(bindTo)).sync().channel();
            address = unix ? bindTo : channel.localAddress();
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    @ChannelHandler.Sharable
    private final class Greeter extends ChannelInboundHandlerAdapter {
        private final ChannelFutureListener counted = f -> {
            if (f.isSuccess()) {
                greeted.incrementAndGet();
            }
            f.channel().close();
        };

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(greeting.duplicate()).addListener(counted);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public java.net.SocketAddress address() {
        return address;
    }

    @Override
    public String describe() {
        return Servers.BASE_PREFIX + "netty/" + flavour.id();
    }

    @Override
    public long greeted() {
        return greeted.get();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
