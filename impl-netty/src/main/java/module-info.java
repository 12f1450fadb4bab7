/**
 * The Netty 4.2 transport, registered as {@code netty}: io_uring, epoll or NIO. The native
 * flavours are optional: their modules are read only when present (on the module path add them
 * with {@code --add-modules io.netty.transport.classes.io_uring,io.netty.transport.io_uring.linux.x86_64,}
 * {@code io.netty.transport.classes.epoll,io.netty.transport.epoll.linux.x86_64}: the last two of
 * each pair hold the native libraries).
 */
module io.greetwire.netty {
    requires io.greetwire.api;
    requires org.slf4j;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.handler;
    requires static io.netty.transport.unix.common;
    requires static io.netty.transport.classes.epoll;
    requires static io.netty.transport.classes.io_uring;

    provides io.greetwire.spi.GreetingTransport with io.greetwire.netty.NettyTransport;
}
