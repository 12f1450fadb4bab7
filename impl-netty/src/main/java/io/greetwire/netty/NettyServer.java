package io.greetwire.netty;

import io.greetwire.FailureReason;
import io.greetwire.ServerConfig;
import io.greetwire.internal.AbstractGreetingServer;
import io.greetwire.internal.AcceptBackoff;
import io.greetwire.internal.BindFailure;
import io.greetwire.internal.EncodedGreeting;
import io.greetwire.internal.Failures;
import io.greetwire.internal.SendBuffers;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.greetwire.ServerTls;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsFailures;
import javax.net.ssl.SSLException;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Netty server on one {@link MultiThreadIoEventLoopGroup} that both accepts and greets. Every
 * connection gets the same {@link GreetingHandler} instance (no per-connection pipeline setup) and
 * a duplicate of one direct buffer per encoded greeting; on epoll and io_uring the accepted socket
 * is corked, so the greeting and the FIN leave in one segment.
 *
 * <p>A greeting of up to {@value #INLINE_LIMIT} bytes fits any socket's empty send buffer, so its
 * write cannot stall and it needs neither a timer nor tracking; a larger one gets a
 * {@link LargeWrite} with a write timeout on the channel's event loop.
 */
final class NettyServer extends AbstractGreetingServer {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);
    /** Below the smallest send buffer Linux gives a socket (4 KiB min, 16 KiB default). */
    static final int INLINE_LIMIT = 4096;
    private static final long BIND_TIMEOUT_SECONDS = 30;
    private static final long SHUTDOWN_TIMEOUT_SECONDS = 15;

    private static final int RUNNING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = 2;

    private final NettyOptions options;
    private final Flavour flavour;
    /** netty.inlineLimit where it applies (epoll, no TLS), else 0. */
    private final int inlineLimit;
    /** Greetings written whole by the accepting loop, and those it handed on part-written; for tests. */
    private final LongAdder inlined = new LongAdder();
    private final LongAdder handedOn = new LongAdder();
    private final GreetingHandler handler = new GreetingHandler();
    private final Function<EncodedGreeting, Prepared> prepare = Prepared::new;
    private final Set<LargeWrite> largeWrites = ConcurrentHashMap.newKeySet();
    private volatile int phase = RUNNING;
    /** The TLS setting, or null for plain TCP. */
    private final ServerTls tls;
    /** {@code openssl} or {@code jdk} with TLS, else null. */
    private final String tlsProvider;
    /** Plain TCP connections are corked (io_uring, epoll): their output is shut down before the close. */
    private final boolean corked;
    private SslContext sslContext;

    /** Written by bind(), read by stop() and the tests' listeningChannels() afterwards. */
    private final List<Channel> listening = new CopyOnWriteArrayList<>();
    private volatile MultiThreadIoEventLoopGroup group;
    private int loops;

    NettyServer(ServerConfig config, NettyOptions options) {
        super(config, NettyTransport.NAME + "/" + options.flavour.id() + tlsSuffix(config, options), LOG);
        if (config.isUnix() && options.reusePort) {
            throw new IllegalArgumentException("netty.reusePort=true: SO_REUSEPORT does not apply to a Unix socket (unix:"
                    + config.unixPath() + "); leave it unset");
        }
        this.options = options;
        this.flavour = options.flavour;
        this.tls = config.tls().orElse(null);
        this.tlsProvider = tlsProvider(config, options);
        this.inlineLimit = flavour == Flavour.EPOLL && tls == null ? options.inlineLimit : 0;
        this.corked = flavour.tcpCork() != null && tls == null;
    }

    /** {@code openssl} or {@code jdk}: who does this server's handshakes; null without TLS. */
    private static String tlsProvider(ServerConfig config, NettyOptions options) {
        ServerTls tls = config.tls().orElse(null);
        if (tls == null) {
            return null;
        }
        if (tls.certificateChainFile().isEmpty()) {
            return "jdk"; // a setting made from an SSLContext runs on it
        }
        if (options.tlsProvider.equals("auto")) {
            return NettyTls.openSslUnavailableReason().isEmpty() ? "openssl" : "jdk";
        }
        return options.tlsProvider;
    }

    /** For stats().transport(): {@code /tls-openssl}, {@code /tls-jdk}, or "" without TLS. */
    private static String tlsSuffix(ServerConfig config, NettyOptions options) {
        String p = tlsProvider(config, options);
        return p == null ? "" : "/tls-" + p;
    }

    @Override
    protected SocketAddress bind(SocketAddress address) throws IOException {
        if (tls != null) {
            try {
                sslContext = NettyTls.server(tls, tlsProvider).context();
            } catch (SSLException | RuntimeException e) {
                throw new IOException("cannot make the " + tlsProvider + " TLS context of " + tls + ": " + e, e);
            }
        }
        loops = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        MultiThreadIoEventLoopGroup g;
        try {
            g = new MultiThreadIoEventLoopGroup(loops,
                    new DefaultThreadFactory("greetwire-netty-server-" + flavour.id(), true),
                    flavour.ioHandlerFactory());
        } catch (RuntimeException | Error e) {
            throw new IOException("cannot start the netty/" + flavour.id() + " event loops: " + e, e);
        }
        group = g;
        if (address instanceof UnixDomainSocketAddress) {
            listening.add(bind(unixBootstrap(g), flavour.channelAddress(address), address));
        } else if (options.reusePort) {
            // One listening socket per event loop, each greeting what it accepts on its own loop.
            InetSocketAddress at = (InetSocketAddress) address;
            for (EventExecutor e : g) {
                EventLoop loop = (EventLoop) e;
                Channel ch = bind(bootstrap(loop, loop, at), at, at);
                listening.add(ch);
                if (at.getPort() == 0) {
                    at = new InetSocketAddress(at.getAddress(), ((InetSocketAddress) ch.localAddress()).getPort());
                }
            }
        } else {
            listening.add(bind(bootstrap(g, g, address), address, address));
        }
        return Flavour.apiAddress(listening.get(0).localAddress());
    }

    @Override
    protected String startDetails() {
        return " loops=" + loops + (options.reusePort ? " reusePort=" + listening.size() + " sockets" : "")
                + TlsEngines.describe(tls, tlsProvider);
    }

    private ServerBootstrap bootstrap(EventLoopGroup parent, EventLoopGroup child, SocketAddress address) {
        ServerBootstrap b = new ServerBootstrap()
                .group(parent, child)
                .channelFactory(flavour.serverChannelFactory(address))
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptGuard())
                // Nothing to read from a greeting client: no read is armed (on io_uring, no recv submitted).
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(tls == null ? handler : new TlsInit());
        plainHalfClosure(b);
        if (options.reusePort) {
            b.option(flavour.reusePort(), true);
        }
        // Not with TLS: a corked handshake flight would wait for the cork's 200 ms timer.
        if (corked) {
            b.childOption(flavour.tcpCork(), true);
        }
        return b;
    }

    /** The bootstrap for a Unix socket: no TCP options (SO_REUSEADDR, TCP_CORK, SO_REUSEPORT) apply. */
    private ServerBootstrap unixBootstrap(EventLoopGroup g) {
        ServerBootstrap b = new ServerBootstrap()
                .group(g, g)
                .channel(flavour.domainServerChannel())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .handler(new AcceptGuard())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(tls == null ? handler : new TlsInit());
        plainHalfClosure(b);
        return b;
    }

    /**
     * Without TLS, a client's FIN does not close its connection: a client that shuts down its
     * output and reads on (as {@code nc -N} does) gets its whole greeting, as from the C server and
     * the JDK transports, which never read. The native engines read on POLLRDHUP even with
     * auto-read off, and without half-closure the end of input closed the channel and cut the
     * greeting. A reset still fails the write, with the kernel's ECONNRESET or EPIPE. Not on NIO,
     * which reads nothing with auto-read off, and whose Unix channels do not know the option
     * (Netty would warn of it for every connection).
     */
    private void plainHalfClosure(ServerBootstrap b) {
        if (tls == null && flavour != Flavour.NIO) {
            b.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
    }

    /** Binds {@code address} in the channel's own form; errors name {@code named}, the API's form. */
    private static Channel bind(ServerBootstrap b, SocketAddress address, SocketAddress named) throws IOException {
        ChannelFuture f = b.bind(address);
        if (!f.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            f.channel().close();
            throw new IOException("cannot bind " + named + ": no answer within " + BIND_TIMEOUT_SECONDS + " s");
        }
        if (!f.isSuccess()) {
            Throwable cause = f.cause();
            throw BindFailure.of(named, cause);
        }
        return f.channel();
    }

    private static void shutdownGroup(MultiThreadIoEventLoopGroup g) {
        g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        try {
            if (!g.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("netty event loops did not end within {} s", SHUTDOWN_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The listening channels (one, or one per loop with SO_REUSEPORT); for tests. */
    List<Channel> listeningChannels() {
        return new ArrayList<>(listening);
    }

    /** Greetings the accepting loop wrote whole (see greetInline); for tests. */
    long inlineGreetings() {
        return inlined.sum();
    }

    /** Greetings the accepting loop began and a loop finished; for tests. */
    long inlineHandoffs() {
        return handedOn.sum();
    }

    /**
     * The most outbound bytes Netty holds for one connection with a large write in progress
     * (plaintext the SslHandler has not encrypted yet and ciphertext or plaintext the kernel has
     * not taken yet), read on each connection's loop; for tests.
     */
    long largestPendingOutbound() throws Exception {
        List<Future<Long>> reads = new ArrayList<>();
        for (LargeWrite w : largeWrites) {
            reads.add(w.ch.eventLoop().submit(w::pendingOutboundBytes));
        }
        long max = 0;
        for (Future<Long> f : reads) {
            max = Math.max(max, f.get(5, TimeUnit.SECONDS));
        }
        return max;
    }

    /**
     * Fires {@code cause} into the pipeline of every connection with a large write in progress, as
     * a failed read would, and waits for that on each connection's loop; for tests.
     *
     * @return the connections it was fired into
     */
    int fireIntoLargeWrites(Throwable cause) throws Exception {
        List<Future<?>> fired = new ArrayList<>();
        for (LargeWrite w : largeWrites) {
            fired.add(w.ch.eventLoop().submit(() -> w.ch.pipeline().fireExceptionCaught(cause)));
        }
        for (Future<?> f : fired) {
            f.get(5, TimeUnit.SECONDS);
        }
        return fired.size();
    }

    /** Bytes of a TLS greeting the server writes ahead of the kernel at most: the slices in flight; for tests. */
    static int tlsSliceAllowance() {
        return LargeWrite.TLS_SLICE * LargeWrite.TLS_SLICES_IN_FLIGHT;
    }

    /** The flavour this server runs on. */
    Flavour flavour() {
        return flavour;
    }

    @Override
    protected void stop(long drainNanos) {
        MultiThreadIoEventLoopGroup g = group;
        if (g == null) {
            return; // the event loops could not be made
        }
        try {
            phase = DRAINING;
            for (Channel ch : listening) { // stop accepting at once
                ch.close();
            }
            for (Channel ch : listening) {
                ch.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            // Connections accepted just before the close may still wait in a loop's queue to be
            // registered; once every loop has run a task queued now, each of them is active and
            // counted (a loop that terminates with a registration still queued would leak its socket).
            barrier(g);
            long deadline = System.nanoTime() + drainNanos;
            while (metrics.open() > 0 && deadline - System.nanoTime() > 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            phase = RESETTING;
            // Reset what is left on the loops that own it, and wait for that before the loops
            // close their channels themselves (with a FIN, which would make a cut greeting look whole).
            List<Future<?>> resets = new ArrayList<>();
            for (LargeWrite w : largeWrites) {
                try {
                    resets.add(w.ch.eventLoop().submit(w::shutdown));
                } catch (RejectedExecutionException e) {
                    // the loop is gone, and the channel with it
                }
            }
            long resetDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            for (Future<?> f : resets) {
                f.awaitUninterruptibly(Math.max(0, resetDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            shutdownGroup(g);
            group = null;
        }
    }

    /** Waits (a bounded time) until every loop of {@code g} has run the tasks queued so far. */
    private static void barrier(EventLoopGroup g) {
        List<Future<?>> tasks = new ArrayList<>();
        for (EventExecutor e : g) {
            try {
                tasks.add(e.submit(() -> { }));
            } catch (RejectedExecutionException ignored) {
                // already shutting down
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Future<?> f : tasks) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Fails the large write of {@code ch}, if it has one, with the reason {@code cause} gives: the
     * pipeline's exception names the peer's reset, which the write's own failure, once the channel
     * is closed under it, does not. Runs on the channel's loop.
     *
     * @return whether {@code ch} had a large write (counted now, or before)
     */
    private boolean failLargeWrite(Channel ch, Throwable cause) {
        LargeWrite w = largeWrite(ch);
        if (w == null) {
            return false;
        }
        w.fail(reason(cause));
        return true;
    }

    /** The large write of {@code ch}; null if its greeting was small or began no large write. */
    private static LargeWrite largeWrite(Channel ch) {
        return ch.hasAttr(LARGE_WRITE) ? ch.attr(LARGE_WRITE).get() : null;
    }

    private FailureReason reason(Throwable t) {
        FailureReason r = Failures.serverReason(NettyFailures.causeOf(t));
        return r == FailureReason.IO && phase == RESETTING ? FailureReason.SHUTDOWN : r;
    }

    /** Closes a connection whose greeting was all written; a corked (plain TCP) socket shuts its output first. */
    private void closeGreeted(Channel ch) {
        shutdownIfCorked(ch);
        ch.close();
    }

    /** On a corked TCP socket, sends the greeting and the FIN before the close (see {@link CorkedClose}). */
    private void shutdownIfCorked(Channel ch) {
        if (!corked || !(ch instanceof SocketChannel)) {
            return; // a Unix socket is never corked, nor reset at its close
        }
        try {
            CorkedClose.shutdownOutput(ch);
        } catch (IOException | RuntimeException e) {
            // The close follows anyway. A peer that reset first makes it ENOTCONN, which Netty
            // throws as a NotYetConnectedException: uncaught, it skipped the close (the fault
            // suite's burst of resetting clients left sockets open).
            LOG.debug("shutting down the output of {}: {}", ch, e.toString());
        }
    }

    /** Closes with RST, so the peer cannot take a cut greeting for a whole one. */
    static void abort(Channel ch) {
        if (ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // closed meanwhile
            }
        }
        // With TLS, close below the SslHandler: a cut greeting must not get a close_notify.
        ChannelHandlerContext ssl = ch.pipeline().context(SslHandler.class);
        if (ssl != null) {
            ssl.close();
        } else {
            ch.close();
        }
    }

    /** Gives each TLS connection its SslHandler and its greeter. */
    @ChannelHandler.Sharable
    private final class TlsInit extends ChannelInitializer<Channel> {
        @Override
        protected void initChannel(Channel ch) {
            ch.config().setAutoRead(true); // the handshake reads
            SslHandler ssl = sslContext.newHandler(ch.alloc());
            ssl.setHandshakeTimeoutMillis(Math.max(1, tls.handshakeTimeout().toMillis()));
            ch.pipeline().addLast(ssl, new TlsGreeter());
        }
    }

    /**
     * One TLS connection: counted when active, greeted when the handshake completes, closed
     * through the SslHandler (close_notify, then FIN). Runs on the channel's event loop.
     */
    private final class TlsGreeter extends ChannelInboundHandlerAdapter implements ChannelFutureListener {
        private SocketAddress remote;
        private long start;
        private boolean handshaken;
        private boolean done;
        private int length;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            start = metrics.startNanos();
            remote = cache.needsAddresses() || metrics.wantsAddresses() ? Flavour.apiAddress(ch.remoteAddress()) : null;
            if (admitOverLimit(remote, start)) { // counted there
                done = true;
                abort(ch);
            } else if (phase == RESETTING) {
                fail(ch, FailureReason.SHUTDOWN);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (!(evt instanceof SslHandshakeCompletionEvent) || done) {
                ctx.fireUserEventTriggered(evt);
                return;
            }
            SslHandshakeCompletionEvent e = (SslHandshakeCompletionEvent) evt;
            Channel ch = ctx.channel();
            if (!e.isSuccess()) {
                Throwable cause = e.cause();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("TLS handshake with {} failed: {}", ch.remoteAddress(), TlsFailures.reason(cause));
                }
                done = true;
                metrics.failed(remote, cause instanceof SslHandshakeTimeoutException ? FailureReason.HANDSHAKE_TIMEOUT
                        : phase == RESETTING ? FailureReason.SHUTDOWN : FailureReason.TLS_HANDSHAKE, 0, start);
                ch.close(); // no greeting to cut: the SslHandler's alert goes out, so the client learns why
                return;
            }
            handshaken = true;
            EncodedGreeting greeting = greetingOrNull(remote, cache.needsAddresses() ? Flavour.apiAddress(ch.localAddress()) : null, start);
            if (greeting == null) { // counted there
                done = true;
                abort(ch);
                return;
            }
            Prepared p = greeting.attachment(prepare);
            if (p.length <= INLINE_LIMIT) {
                length = p.length;
                ctx.writeAndFlush(p.buf.retainedDuplicate()).addListener(this);
            } else {
                done = true; // the LargeWrite counts it
                new LargeWrite(ch, remote, p, start, 0).start(ctx);
            }
        }

        /** A small greeting's write finished. */
        @Override
        public void operationComplete(ChannelFuture f) {
            if (done) {
                return;
            }
            if (f.isSuccess()) {
                done = true;
                metrics.greeted(remote, length, start);
                f.channel().close(); // through the SslHandler: close_notify, then FIN
            } else {
                fail(f.channel(), reason(f.cause()));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!done) {
                done = true;
                metrics.failed(remote, phase == RESETTING ? FailureReason.SHUTDOWN
                        : handshaken ? FailureReason.RESET : FailureReason.TLS_HANDSHAKE, 0, start);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("connection {}: {}", ctx.channel(), cause.toString());
            if (!done) {
                fail(ctx.channel(), phase == RESETTING ? FailureReason.SHUTDOWN
                        : handshaken ? reason(cause) : FailureReason.TLS_HANDSHAKE);
            } else if (!failLargeWrite(ctx.channel(), cause)) {
                ctx.close(); // the handshake failure decided already
            }
        }

        private void fail(Channel ch, FailureReason why) {
            if (!done) {
                done = true;
                metrics.failed(remote, why, 0, start);
            }
            abort(ch);
        }
    }

    /** The greeting of every connection: counts it, writes one shared buffer's duplicate, closes. */
    @ChannelHandler.Sharable
    private final class GreetingHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            if (ch.hasAttr(HANDOFF)) { // admitted by the accepting loop already (greetInline)
                Handoff h = ch.attr(HANDOFF).getAndSet(null);
                if (phase == RESETTING) {
                    abort(ch);
                    metrics.failed(h.remote, FailureReason.SHUTDOWN, h.written, h.start);
                } else {
                    write(ctx, h.remote, h.greeting, h.written, h.start);
                }
                return;
            }
            long start = metrics.startNanos();
            boolean perConnection = cache.needsAddresses();
            SocketAddress remote = perConnection || metrics.wantsAddresses()
                    ? Flavour.apiAddress(ch.remoteAddress()) : null;
            if (admitOverLimit(remote, start)) {
                ch.close();
                return;
            }
            if (phase == RESETTING) {
                abort(ch);
                metrics.failed(remote, FailureReason.SHUTDOWN, 0, start);
                return;
            }
            EncodedGreeting greeting = greetingOrNull(remote, perConnection ? Flavour.apiAddress(ch.localAddress()) : null, start);
            if (greeting == null) {
                abort(ch);
                return;
            }
            write(ctx, remote, greeting.attachment(prepare), 0, start);
        }

        /**
         * Writes the greeting from byte {@code from} on. The rest of a greeting begun inline goes
         * as a LargeWrite, with its write timeout: the socket's send buffer was full.
         */
        private void write(ChannelHandlerContext ctx, SocketAddress remote, Prepared p, int from, long start) {
            if (from == 0 && p.length <= INLINE_LIMIT) {
                // The shared listener, unless a recording wants this greeting timed.
                ctx.writeAndFlush(p.buf.retainedDuplicate()).addListener(start == 0L ? p : (ChannelFutureListener) f -> p.completed(f, start));
            } else {
                new LargeWrite(ctx.channel(), remote, p, start, from).start(ctx);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                LargeWrite w = largeWrite(ctx.channel());
                if (w != null) {
                    w.inputShutdown();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A read on the peer's hang-up failed (the native engines read on POLLRDHUP): the cause
            // says why the greeting is cut, which the write's ClosedChannelException would not.
            LOG.debug("connection {}: {}", ctx.channel(), cause.toString());
            if (!failLargeWrite(ctx.channel(), cause)) {
                abort(ctx.channel()); // a small greeting's listener counts it
            }
        }
    }

    /**
     * One encoded greeting in Netty's form, made once per greeting (once, or once a second) and
     * kept as its attachment: a direct buffer that is never released (its memory is the JDK's and
     * goes with the greeting), and the listener of the small greetings' writes.
     */
    private final class Prepared implements ChannelFutureListener {
        final ByteBuf buf;
        final int length;

        /** The shared direct bytes, which greetInline writes (never moved); null for a per-connection greeting. */
        final ByteBuffer direct;

        Prepared(EncodedGreeting g) {
            this.length = g.length();
            // A per-connection greeting is written once: wrapping its heap bytes costs no direct
            // allocation of its own (the transport copies into a pooled buffer as it writes).
            this.direct = cache.needsAddresses() ? null : g.directBuffer();
            this.buf = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct != null ? direct : g.heapBuffer()));
        }

        /** A small greeting's write finished. */
        @Override
        public void operationComplete(ChannelFuture f) {
            completed(f, 0L);
        }

        /** A small greeting's write finished; {@code start} times it for JFR (0: not timed). */
        void completed(ChannelFuture f, long start) {
            Channel ch = f.channel();
            SocketAddress remote = metrics.wantsAddresses() ? Flavour.apiAddress(ch.remoteAddress()) : null;
            if (f.isSuccess()) {
                metrics.greeted(remote, length, start);
                closeGreeted(ch);
            } else {
                metrics.failed(remote, reason(f.cause()), 0, start);
                abort(ch);
            }
        }
    }

    /**
     * A greeting too large to be sure to fit the send buffer: timed, tracked for close(). Every
     * method runs on the channel's event loop; the first of write, timer and close() counts it.
     *
     * <p>Over plain TCP the greeting goes to the channel whole (at most two writes: up to the
     * proof, then the rest): Netty writes straight from the shared buffer and nothing is copied,
     * so what a stalled client costs is the kernel's bounded send buffer. Over TLS a whole write
     * would be encrypted whole at once (Netty's {@code SslHandler} wraps everything pending on a
     * flush), holding about the greeting's size of ciphertext for a client that never reads, so
     * there the greeting goes in {@value #TLS_SLICE}-byte slices, at most
     * {@value #TLS_SLICES_IN_FLIGHT} of them written and not yet taken by the kernel: the next
     * slice is written as one leaves.
     */
    private final class LargeWrite implements ChannelFutureListener, Runnable {
        /**
         * Plaintext bytes of one TLS slice: four full TLS records (16 KiB of plaintext each), so
         * that slicing never makes a short record, and small next to the send buffer of a reader
         * ({@link SendBuffers#readerSize}, 256 KiB by default), so that a stalled client costs
         * little beyond it.
         */
        static final int TLS_SLICE = 64 * 1024;
        /**
         * TLS slices written and not yet taken by the kernel, at most: two, so that while the
         * kernel takes one slice's ciphertext the next one's is ready (a slice is encrypted as the
         * one two before it leaves), and Netty holds at most two slices, in plaintext or
         * ciphertext, for a connection whatever its greeting's size.
         */
        static final int TLS_SLICES_IN_FLIGHT = 2;

        final Channel ch;
        final SocketAddress remote;
        final Prepared greeting;
        final long start;
        /** Where the write begins: past what the accepting loop wrote inline. */
        private final int from;
        private ByteBuf data;
        /** The part up to {@link SendBuffers#proof}, when the rest goes out with the bound lifted. */
        private ByteBuf head;
        private boolean headDone;
        private ScheduledFuture<?> timer;
        private boolean done;
        /** Over TLS: the greeter's context the slices are written through; null over plain TCP. */
        private ChannelHandlerContext sliced;
        /** Over TLS: {@link SendBuffers#proof}, where a slice ends and the buffer grows as it leaves. */
        private int proof;
        /** Over TLS: where the next slice begins. */
        private int next;
        /** Over TLS: the end of the slices the kernel took (their writes completed, in order). */
        private int taken;
        /** Over TLS: slices written and not yet taken. */
        private int inFlight;
        /** Over TLS: the listener of every slice's write. */
        private ChannelFutureListener sliceListener;

        LargeWrite(Channel ch, SocketAddress remote, Prepared greeting, long start, int from) {
            this.ch = ch;
            this.remote = remote;
            this.greeting = greeting;
            this.start = start;
            this.from = from;
        }

        void start(ChannelHandlerContext ctx) {
            largeWrites.add(this);
            ch.attr(LARGE_WRITE).set(this);
            if (phase == RESETTING) { // close() may have looked at largeWrites before the add
                shutdown();
                return;
            }
            if (SendBuffers.bounded(config, greeting.length)) {
                ch.config().setOption(ChannelOption.SO_SNDBUF, config.sendBufferSize());
            }
            timer = ctx.executor().schedule(this, config.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
            int proof = SendBuffers.proof(config, greeting.length);
            if (tls != null) {
                sliced = ctx;
                this.proof = proof;
                next = from;
                taken = from;
                sliceListener = this::sliceWritten;
                writeSlices();
                return;
            }
            if (from < proof && proof < greeting.length) {
                // Up to the proof first: once the client has taken that much, it reads, and the bound
                // is lifted before the rest goes out (see SendBuffers).
                head = greeting.buf.retainedSlice(from, proof - from);
                ctx.write(head).addListener(this::headWritten);
                data = greeting.buf.retainedSlice(proof, greeting.length - proof);
            } else {
                data = from == 0 ? greeting.buf.retainedDuplicate() : greeting.buf.retainedSlice(from, greeting.length - from);
            }
            ctx.writeAndFlush(data).addListener(this);
        }

        /** Where the slice that begins at {@code at} ends: a slice later, at the proof, or at the end. */
        private int sliceEnd(int at) {
            int end = (int) Math.min(greeting.length, (long) at + TLS_SLICE);
            return at < proof && proof < end ? proof : end;
        }

        /**
         * Writes slices until {@value #TLS_SLICES_IN_FLIGHT} are in flight, and flushes them. Called
         * from a slice's listener this runs inside the channel's flush, which then writes them too.
         */
        private void writeSlices() {
            boolean wrote = false;
            while (next < greeting.length && inFlight < TLS_SLICES_IN_FLIGHT && !done) { // a write to a closed channel fails at once
                int end = sliceEnd(next);
                ByteBuf slice = greeting.buf.retainedSlice(next, end - next);
                next = end;
                inFlight++;
                sliced.write(slice).addListener(sliceListener);
                wrote = true;
            }
            if (wrote) {
                sliced.flush();
            }
        }

        /** A TLS slice's ciphertext went to the socket (they complete in order). */
        private void sliceWritten(ChannelFuture f) {
            if (done) {
                return;
            }
            if (!f.isSuccess()) {
                fail(reason(f.cause()));
                return;
            }
            int end = sliceEnd(taken);
            taken = end;
            inFlight--;
            if (end == proof && proof < greeting.length) {
                liftBound();
            }
            if (end == greeting.length) {
                greeted();
            } else {
                writeSlices();
            }
        }

        /** Runs on the loop as the head leaves, before the rest is written. */
        private void headWritten(Future<? super Void> f) {
            if (f.isSuccess() && !done) {
                headDone = true;
                liftBound();
            }
        }

        /** The client has taken the proof, so it reads: its send buffer grows (see {@link SendBuffers}). */
        private void liftBound() {
            ch.config().setOption(ChannelOption.SO_SNDBUF, SendBuffers.readerSize(config));
        }

        @Override
        public void operationComplete(ChannelFuture f) {
            if (done) {
                return;
            }
            if (f.isSuccess()) {
                greeted();
            } else {
                fail(reason(f.cause()));
            }
        }

        /** The whole greeting left: counted, then closed (over TLS through the SslHandler: close_notify, then FIN). */
        private void greeted() {
            done = true;
            cleanup();
            metrics.greeted(remote, greeting.length, start);
            closeGreeted(ch);
        }

        /**
         * The client half-closed, and its connection stays open (see {@code plainHalfClosure}). On
         * epoll, Netty 4.2.18 then wants no event from the socket whenever EPOLLOUT is clear: it
         * takes the socket out of its epoll set, and the next change of interest fails with ENOENT
         * and shuts the output (a FIN, so the cut greeting looks whole). EPOLLOUT is clear while a
         * write quantum that ran out waits for its flush task. Without a quantum, and flushed now
         * (before the end of input is cleared from the interest set), EPOLLOUT is set until the
         * greeting is all written. Only half-closed clients pay for it: their write keeps their
         * loop until the socket is full.
         */
        void inputShutdown() {
            if (flavour == Flavour.EPOLL && !done) {
                ch.config().setWriteSpinCount(Integer.MAX_VALUE);
                ch.flush();
            }
        }

        /** The write timeout. */
        @Override
        public void run() {
            fail(FailureReason.WRITE_TIMEOUT);
        }

        void shutdown() {
            fail(FailureReason.SHUTDOWN);
        }

        private void fail(FailureReason why) {
            if (done) {
                return;
            }
            done = true;
            cleanup();
            metrics.failed(remote, why, written(why), start);
            abort(ch);
        }

        /**
         * Bytes of the greeting the socket took. Over TCP, what the writes left. Over TLS, at least
         * the slices whose writes completed; when the write is cut (timeout, close) with the
         * channel intact, also what was written ahead minus every byte Netty still holds for it:
         * a byte of plaintext is held either as itself or as at least one byte of ciphertext, and
         * a buffer the socket took part of still counts whole, so this never counts too much,
         * and it is short by at most one TLS record (16 KiB), its framing and Netty's accounting.
         * The completions alone could be two slices short: with the JDK's engine a slice's write
         * was seen to complete only with the next slice's (NettyTlsSlicesTest counted 0 bytes
         * written for clients that had taken 80 KB).
         */
        private long written(FailureReason why) {
            if (sliced != null) {
                ChannelOutboundBuffer out = why == FailureReason.WRITE_TIMEOUT || why == FailureReason.SHUTDOWN
                        ? ch.unsafe().outboundBuffer() : null;
                return out == null ? taken : Math.max(taken, next - out.totalPendingWriteBytes());
            }
            return data == null ? from
                    : greeting.length - data.readableBytes() - (head != null && !headDone ? head.readableBytes() : 0);
        }

        /** Netty's outbound bytes held for this connection (plaintext and ciphertext); for tests, on its loop. */
        long pendingOutboundBytes() {
            ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
            return out == null ? 0 : out.totalPendingWriteBytes();
        }

        private void cleanup() {
            largeWrites.remove(this);
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    /**
     * The rest of a greeting the accepting loop began (or only admitted) before it handed the
     * connection on: a send buffer that took part of the greeting, or a greeting over the inline limit.
     */
    private static final class Handoff {
        final Prepared greeting;
        final int written;
        final SocketAddress remote;
        final long start;

        Handoff(Prepared greeting, int written, SocketAddress remote, long start) {
            this.greeting = greeting;
            this.written = written;
            this.remote = remote;
            this.start = start;
        }
    }

    private static final AttributeKey<Handoff> HANDOFF = AttributeKey.valueOf(NettyServer.class, "handoff");
    /** A connection's {@link LargeWrite}, which a failure seen by the pipeline fails. */
    private static final AttributeKey<LargeWrite> LARGE_WRITE = AttributeKey.valueOf(NettyServer.class, "largeWrite");

    /**
     * epoll without TLS, a greeting shared by every connection of up to {@code netty.inlineLimit}
     * bytes: the accepting loop writes it straight to the accepted socket and closes that, before
     * the child channel is registered with a loop: no pipeline runs, no epoll_ctl adds and removes
     * the socket, no SO_LINGER query precedes the close. This is the nio transport's inline
     * greeting on Netty (see the README for what it saves). What the socket does not take, and a
     * greeting over the limit, go on to a loop as {@link Handoff}, the connection already counted.
     *
     * @return whether the connection was dealt with here; false: fire it on to the loops
     */
    private boolean greetInline(Channel child) {
        if (phase != RUNNING || cache.needsAddresses()) {
            return false; // a per-connection greeting is a heap buffer: the loops copy it
        }
        long start = metrics.startNanos();
        SocketAddress remote = metrics.wantsAddresses() ? Flavour.apiAddress(child.remoteAddress()) : null;
        if (admitOverLimit(remote, start)) { // counted there
            closeUnregistered(child, false);
            return true;
        }
        EncodedGreeting greeting = greetingOrNull(remote, null, start);
        if (greeting == null) { // counted there
            closeUnregistered(child, true);
            return true;
        }
        Prepared p = greeting.attachment(prepare);
        int written = 0;
        if (p.length <= inlineLimit && p.direct != null) {
            try {
                written = EpollNatives.writeUnregistered(child, p.direct);
            } catch (IOException | RuntimeException e) { // RuntimeException: ChannelException from setting the cork
                metrics.failed(remote, Failures.serverReason(e), 0, start);
                closeUnregistered(child, true);
                return true;
            }
            if (written == p.length) {
                metrics.greeted(remote, p.length, start); // before the close, as on the loops: a client that saw the end sees it counted
                inlined.increment();
                shutdownIfCorked(child);
                closeUnregistered(child, false);
                return true;
            }
            handedOn.increment();
        }
        child.attr(HANDOFF).set(new Handoff(p, written, remote, start));
        return false;
    }

    /** Closes a child that no loop holds; with {@code reset}, with RST (SO_LINGER 0). */
    private static void closeUnregistered(Channel child, boolean reset) {
        try {
            if (reset) {
                child.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            EpollNatives.closeUnregistered(child);
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing {}: {}", child, e.toString());
        }
    }

    /**
     * On a listening channel: accept failures (EMFILE and the like) pause accepting, backing off
     * from 10 ms to 1 s, and are logged once per burst.
     */
    private final class AcceptGuard extends ChannelInboundHandlerAdapter {
        private AcceptBackoff backoff;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            backoff = new AcceptBackoff(metrics, LOG, Flavour.apiAddress(ctx.channel().localAddress()));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            backoff.succeeded();
            if (inlineLimit > 0 && greetInline((Channel) msg)) {
                return; // greeted and closed here: the child is never registered with a loop
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Channel ch = ctx.channel();
            long wait = backoff.failed(cause);
            if (flavour == Flavour.IO_URING) {
                // Netty 4.2.18's io_uring server channel closes the connections it accepts after
                // auto-read was turned off and on again (seen in NettyFaultTest: every greeting
                // after an EMFILE burst came back empty). Its multishot accept is not paused by
                // auto-read anyway, so on io_uring the failures are only counted and logged once.
                return;
            }
            ch.config().setAutoRead(false);
            ctx.executor().schedule(() -> {
                if (ch.isOpen()) {
                    ch.config().setAutoRead(true);
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
    }
}
