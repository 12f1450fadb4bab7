package io.greetwire.netty;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.ClientTls;
import io.greetwire.internal.Addresses;
import io.greetwire.internal.AbstractGreetingClient;
import io.greetwire.internal.CallerThreadFetch;
import io.greetwire.internal.GreetingReader;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsFailures;
import io.greetwire.internal.TlsFetch;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code fetch} runs on the caller's thread ({@link CallerThreadFetch}); {@code fetchAsync} runs
 * on a {@link Bootstrap} over one event loop group, made at its first use (one loop
 * unless {@code ioThreads} says otherwise) and shared by every fetch of this client. A fetch reads
 * until the server closes (half-closure off: the end of stream closes the channel) and completes
 * its future in {@code channelInactive}; the read timeout is a deadline for the whole greeting,
 * a task on the channel's event loop.
 */
final class NettyClient extends AbstractGreetingClient {
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 15;

    private final Flavour flavour;
    private final ClientTls tls;
    private final Set<Fetch> inFlight = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final CallerThreadFetch direct;
    private volatile boolean closed;
    private MultiThreadIoEventLoopGroup group;
    private Bootstrap bootstrap;
    private Bootstrap unixBootstrap;
    private Bootstrap ipv4Bootstrap;

    NettyClient(ClientConfig config, NettyOptions options) {
        super(config);
        this.flavour = options.flavour;
        this.tls = config.tls().orElse(null);
        this.direct = new CallerThreadFetch(config);
    }

    /** The flavour this client runs on. */
    Flavour flavour() {
        return flavour;
    }

    /**
     * On the calling thread, with a blocking JDK channel ({@link CallerThreadFetch}), whatever the
     * flavour: through the event loop a synchronous fetch pays two thread hand-offs (the connect
     * submitted to the loop, the future completed back to the caller), a third of its time.
     */
    @Override
    public Greeting fetch(SocketAddress server) throws GreetingException {
        return direct.supports(server) ? direct.fetch(server) : super.fetch(server);
    }

    @Override
    public CompletableFuture<Greeting> fetchAsync(SocketAddress server) {
        CompletableFuture<Greeting> future = new CompletableFuture<>();
        GreetingReader reader = new GreetingReader(config, server);
        Bootstrap b;
        try {
            Bootstrap v4 = Addresses.ipv4Only(server) != null ? ipv4Bootstrap() : null;
            b = server instanceof UnixDomainSocketAddress ? unixBootstrap() : v4 != null ? v4 : bootstrap();
        } catch (IllegalStateException e) {
            future.completeExceptionally(reader.failure(Kind.CLOSED, "the client is closed", null));
            return future;
        } catch (RuntimeException | Error e) {
            future.completeExceptionally(reader.failure(Kind.IO, "cannot start the netty/" + flavour.id()
                    + " event loop: " + e, e));
            return future;
        }
        Fetch fetch = new Fetch(reader, future);
        inFlight.add(fetch);
        future.whenComplete((g, t) -> {
            inFlight.remove(fetch);
            // Whoever completed it (this fetch, close(), or the caller's cancel or timeout), the
            // socket goes with the outcome.
            Channel ch = fetch.channel;
            if (t != null && ch != null) {
                ch.close();
            }
        });
        if (closed) { // close() may have missed the add
            fetch.fail(reader.failure(Kind.CLOSED, "the client is closed", null));
            return future;
        }
        try {
            ChannelFuture cf = b.clone().handler(tls == null ? fetch : tlsInit(fetch, TlsEngines.client(tls, server)))
                    .connect(flavour.channelAddress(server));
            fetch.channel = cf.channel();
            cf.addListener(fetch.connectListener);
        } catch (RuntimeException e) { // the group was shut down under us
            fetch.fail(closed ? reader.failure(Kind.CLOSED, "the client is closed", e)
                    : reader.failure(NettyFailures.causeOf(e), e));
        }
        return future;
    }

    /** The SslHandler (JDK engine: it holds the session cache), then the fetch. */
    private ChannelInitializer<Channel> tlsInit(Fetch fetch, SSLEngine engine) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler ssl = new SslHandler(engine);
                ssl.setHandshakeTimeoutMillis(connectTimeoutMillis());
                ch.pipeline().addLast(ssl, fetch);
            }
        };
    }

    private Bootstrap bootstrap() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (bootstrap == null) {
                int loops = config.ioThreads() > 0 ? config.ioThreads() : 1;
                group = new MultiThreadIoEventLoopGroup(loops,
                        new DefaultThreadFactory("greetwire-netty-client-" + flavour.id(), true),
                        flavour.ioHandlerFactory());
                bootstrap = newBootstrap(flavour.socketChannel());
            }
            return bootstrap;
        }
    }

    /**
     * The bootstrap for a specific IPv4 address (Addresses.ipv4Only): the same loops, an IPv4-only
     * channel; null where the flavour has none.
     */
    private Bootstrap ipv4Bootstrap() {
        ChannelFactory<? extends Channel> ipv4 = flavour.ipv4SocketChannelFactory();
        if (ipv4 == null) {
            return null;
        }
        bootstrap(); // makes the loops, or throws once closed
        synchronized (lock) {
            if (ipv4Bootstrap == null) {
                ipv4Bootstrap = newBootstrap(ipv4);
            }
            return ipv4Bootstrap;
        }
    }

    /** The bootstrap for Unix domain sockets: the same loops, the flavour's domain channel. */
    private Bootstrap unixBootstrap() {
        bootstrap(); // makes the loops, or throws once closed
        synchronized (lock) {
            if (unixBootstrap == null) {
                unixBootstrap = newBootstrap(flavour.domainSocketChannel());
                if (flavour == Flavour.NIO) {
                    // NioDomainSocketChannel does not know the option (and warns on every connect);
                    // it closes at the end of the stream anyway.
                    unixBootstrap.option(ChannelOption.ALLOW_HALF_CLOSURE, null);
                }
            }
            return unixBootstrap;
        }
    }

    private Bootstrap newBootstrap(Class<? extends Channel> channel) {
        return newBootstrap(new ReflectiveChannelFactory<>(channel));
    }

    private Bootstrap newBootstrap(ChannelFactory<? extends Channel> channel) {
        return new Bootstrap()
                .group(group)
                .channelFactory(channel)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis())
                .option(ChannelOption.ALLOW_HALF_CLOSURE, false)
                .option(ChannelOption.AUTO_READ, true);
    }

    private int connectTimeoutMillis() {
        long ms = TimeUnit.NANOSECONDS.toMillis(config.connectTimeout().toNanos() + 999_999);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
    }

    @Override
    public void close() {
        MultiThreadIoEventLoopGroup g;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            g = group;
        }
        direct.close();
        for (Fetch f : inFlight) {
            f.fail(f.reader.failure(Kind.CLOSED, "the client was closed during the fetch", null));
            Channel ch = f.channel;
            if (ch != null) {
                ch.close();
            }
        }
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            boolean onOwnLoop = false;
            for (io.netty.util.concurrent.EventExecutor e : g) {
                onOwnLoop |= e.inEventLoop();
            }
            if (!onOwnLoop) { // a future's callback may close the client: a loop cannot await itself
                try {
                    g.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * One fetch: the channel's only handler. Everything but {@link #fail} from close() runs on the
     * channel's event loop; the future decides which outcome wins.
     */
    private final class Fetch extends ChannelInboundHandlerAdapter implements Runnable {
        final GreetingReader reader;
        final CompletableFuture<Greeting> future;
        volatile Channel channel;
        private ScheduledFuture<?> readTimer;
        /** Over TLS: the server's close_notify arrived, so its FIN ends a whole greeting. */
        private boolean closeNotified;
        final ChannelFutureListener connectListener = this::connected;

        Fetch(GreetingReader reader, CompletableFuture<Greeting> future) {
            this.reader = reader;
            this.future = future;
        }

        private void connected(ChannelFuture f) {
            if (!f.isSuccess()) {
                fail(failure(f.cause()));
            }
        }

        private GreetingException failure(Throwable t) {
            if (closed) {
                return reader.failure(Kind.CLOSED, "the client was closed during the fetch", t);
            }
            return reader.failure(NettyFailures.causeOf(t), t);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            reader.connected(Flavour.apiAddress(ctx.channel().localAddress()));
            if (tls == null) {
                readTimer = ctx.executor().schedule(this, config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelActive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent) {
                SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
                if (e.isSuccess()) {
                    SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
                    reader.tlsDone(session.getProtocol(), TlsFetch.resumed(session, reader));
                    readTimer = ctx.executor().schedule(this, config.readTimeout().toNanos(), TimeUnit.NANOSECONDS);
                } else if (e.cause() instanceof SslHandshakeTimeoutException) {
                    fail(reader.failure(Kind.CONNECT_TIMEOUT, "no TLS handshake within connectTimeout=" + config.connectTimeout(), e.cause()));
                    ctx.close();
                } else {
                    fail(TlsFailures.isTls(e.cause()) ? reader.tlsFailure(e.cause()) : failure(e.cause()));
                    ctx.close();
                }
            } else if (evt instanceof SslCloseCompletionEvent && ((SslCloseCompletionEvent) evt).isSuccess()) {
                // The server's close_notify ends the greeting: no need to wait for its FIN (a
                // server may wait for ours first, as Python's ssl unwrap() and stunnel do).
                closeNotified = true;
                cancelTimer();
                if (!future.isDone()) {
                    finish();
                }
                ctx.close();
            }
            ctx.fireUserEventTriggered(evt);
        }

        /** The read timeout. */
        @Override
        public void run() {
            fail(reader.failure(Kind.READ_TIMEOUT, "no close within readTimeout=" + config.readTimeout()
                    + " (" + reader.size() + " bytes read)", null));
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (future.isDone()) {
                    return;
                }
                ByteBuf buf = (ByteBuf) msg;
                int n = buf.readableBytes();
                if (buf.hasArray()) {
                    reader.append(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
                } else {
                    reader.append(buf.nioBuffer(buf.readerIndex(), n));
                }
            } catch (GreetingException e) { // TOO_LARGE: stop at once rather than buffer the rest
                fail(e);
                ctx.close();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancelTimer();
            if (future.isDone()) {
                return;
            }
            if (closed) {
                fail(reader.failure(Kind.CLOSED, "the client was closed during the fetch", null));
                return;
            }
            if (tls != null && !closeNotified) {
                fail(reader.isTlsDone() ? reader.truncated(null)
                        : reader.failure(Kind.TLS_HANDSHAKE, "the server closed the connection during the TLS handshake", null));
                return;
            }
            finish();
        }

        /** The stream ended as a greeting's must: decode what arrived. */
        private void finish() {
            try {
                future.complete(reader.finish());
            } catch (GreetingException e) {
                future.completeExceptionally(e);
            } catch (RuntimeException e) {
                future.completeExceptionally(reader.failure(Kind.MALFORMED, String.valueOf(e), e));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(tls != null && reader.isTlsDone() && TlsFailures.isTls(cause) ? TlsFetch.receiveFailure(reader, cause) : failure(cause));
            ctx.close();
        }

        /** Fails the fetch unless it already has an outcome; returns whether this call decided it. */
        boolean fail(GreetingException e) {
            boolean decided = future.completeExceptionally(e);
            if (decided) {
                Channel ch = channel;
                if (ch != null && ch.eventLoop().inEventLoop()) {
                    cancelTimer();
                }
            }
            return decided;
        }

        private void cancelTimer() {
            ScheduledFuture<?> t = readTimer;
            if (t != null) {
                t.cancel(false);
                readTimer = null;
            }
        }
    }
}
