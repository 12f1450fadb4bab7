package io.greetwire.blocking;

import io.greetwire.FailureReason;
import io.greetwire.ServerConfig;
import io.greetwire.internal.EncodedGreeting;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import io.greetwire.ServerTls;
import io.greetwire.internal.AbstractGreetingServer;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsFailures;
import io.greetwire.internal.TlsSession;
import io.greetwire.internal.BufferPool;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import io.greetwire.internal.AcceptBackoff;
import static io.greetwire.internal.Closeables.closeQuietly;
import io.greetwire.internal.Addresses;
import io.greetwire.internal.BindFailure;
import io.greetwire.internal.DaemonThreadFactory;
import io.greetwire.internal.Failures;
import io.greetwire.internal.SendBuffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One acceptor thread. A greeting that fits any socket send buffer is written inline on that
 * thread (the write cannot block: it only copies into the kernel); a larger one goes to the
 * executor, with a deadline at which a sweep ({@link DeadlineSweep}) closes the socket, since
 * java.net writes have no timeout of their own.
 *
 * <p>On a Unix domain socket ({@code java.net.Socket} has none) the same happens on a blocking
 * {@link ServerSocketChannel} and the {@link SocketChannel}s it accepts. TLS runs on the executor,
 * never on the accepting thread: an {@code SSLSocket} on TCP, an {@code SSLEngine} driven over the
 * channel on a Unix socket ({@link BlockingTls}), where no {@code SSLSocket} can go.
 */
final class BlockingServer extends AbstractGreetingServer {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingServer.class);
    /** Below the smallest send buffer Linux gives a socket (4 KiB min, 16 KiB default). */
    static final int INLINE_LIMIT = 4096;
    /** Idle TLS buffers a server on a Unix socket keeps: three per connection in flight: {@value}. */
    static final int TLS_BUFFERS_KEPT = 3 * 64;

    private final BlockingOptions options;
    private final Set<Connection> inFlight = ConcurrentHashMap.newKeySet();
    /** The TLS setting, or null for plain TCP. */
    private final ServerTls tls;
    private final SSLSocketFactory tlsFactory;
    /** The network buffers of TLS over a Unix socket (an SSLEngine's), else null. */
    private final BufferPool tlsBuffers;

    /** The greeting whose direct view the accepting thread holds (inlineView); accepting thread only. */
    private EncodedGreeting viewOf;
    private ByteBuffer view;
    /** Set by stop(), also after a start that failed once the acceptor ran; ends the accept loop. */
    private volatile boolean stopping;
    private ServerSocket serverSocket;
    /** The listening channel when serving on a Unix socket, else null. */
    private ServerSocketChannel unixChannel;
    private SocketAddress bound;
    private Thread acceptor;
    private ExecutorService writers;
    private ScheduledThreadPoolExecutor timer;
    private DeadlineSweep deadlines;

    BlockingServer(ServerConfig config, BlockingOptions options) {
        super(config, BlockingTransport.NAME, LOG);
        this.options = options;
        this.tls = config.tls().orElse(null);
        this.tlsFactory = tls == null ? null : tls.sslContext().getSocketFactory();
        this.tlsBuffers = tls != null && config.isUnix() ? new BufferPool(BufferPool.TLS_BUFFER, TLS_BUFFERS_KEPT) : null;
    }

    @Override
    protected SocketAddress bind(SocketAddress address) throws IOException {
        try {
            if (address instanceof UnixDomainSocketAddress) {
                unixChannel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                unixChannel.bind(address, config.backlog());
                bound = unixChannel.getLocalAddress();
            } else {
                // The channel's socket adaptor, not new ServerSocket(): it can be IPv4-only (see
                // Addresses.ipv4Only), and closing its sockets skips the getsockopt(SO_LINGER) and
                // shutdown(SHUT_WR) that a plain Socket's close makes: 4 syscalls a greeting fewer.
                serverSocket = Addresses.openTcpServer(address).socket();
                serverSocket.setReuseAddress(true);
                serverSocket.bind(address, config.backlog());
                bound = serverSocket.getLocalSocketAddress();
            }
        } catch (IOException e) {
            throw BindFailure.of(address, e);
        }
        timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("greetwire-blocking-timer", true));
        deadlines = new DeadlineSweep(timer, inFlight, tls == null ? config.writeTimeout()
                : min(config.writeTimeout(), tls.handshakeTimeout()));
        writers = options.newExecutor("greetwire-blocking-writer");
        acceptor = new Thread(this::acceptLoop, "greetwire-blocking-accept-" + Addresses.tag(bound));
        acceptor.setDaemon(true);
        acceptor.start();
        return bound;
    }

    @Override
    protected String startDetails() {
        return " threads=" + (options.virtual ? "virtual" : "platform") + TlsEngines.describe(tls, "jdk");
    }

    private void acceptLoop() {
        AcceptBackoff backoff = new AcceptBackoff(metrics, LOG, bound);
        while (!stopping) {
            Socket socket = null;
            SocketChannel channel = null;
            try {
                if (unixChannel != null) {
                    channel = unixChannel.accept();
                } else {
                    socket = serverSocket.accept();
                }
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                LockSupport.parkNanos(backoff.failed(e));
                continue;
            }
            backoff.succeeded();
            if (socket != null) {
                greet(socket);
            } else {
                greetUnix(channel);
            }
        }
    }

    private void greet(Socket socket) {
        long start = metrics.startNanos();
        SocketAddress remote = metrics.wantsAddresses() || cache.needsAddresses()
                ? socket.getRemoteSocketAddress() : null;
        if (admitOverLimit(remote, start)) {
            closeQuietly(socket);
            return;
        }
        EncodedGreeting greeting = greetingOrNull(remote, cache.needsAddresses() ? socket.getLocalSocketAddress() : null, start);
        if (greeting == null) {
            abort(socket);
            return;
        }
        if (tls != null) {
            handshakeLater(new Connection(socket, remote, greeting, start));
            return;
        }
        if (greeting.length() <= INLINE_LIMIT) {
            writeInline(socket.getChannel(), remote, greeting, start); // the accepted sockets are channel adaptors
            return;
        }
        if (SendBuffers.bounded(config, greeting.length())) {
            try {
                socket.setSendBufferSize(config.sendBufferSize());
            } catch (IOException e) {
                metrics.failed(remote, Failures.serverReason(e), 0, start);
                abort(socket);
                return;
            }
        }
        writeLater(new Connection(socket, remote, greeting, start));
    }

    /** Hands a TLS connection to the writers, with its handshake timeout: the handshake takes round trips, never on the accepting thread. */
    private void handshakeLater(Connection c) {
        c.expireAfter(tls.handshakeTimeout(), FailureReason.HANDSHAKE_TIMEOUT);
        hand(c);
    }

    /** Hands {@code c} to the writers, its deadline set, and watched until it ends. */
    private void hand(Connection c) {
        inFlight.add(c);
        try {
            deadlines.watch();
            writers.execute(c);
        } catch (RejectedExecutionException e) {
            c.fail(FailureReason.SHUTDOWN); // close() began between accept and here
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Writes a greeting of up to {@link #INLINE_LIMIT} bytes on the accepting thread (it fits any
     * send buffer, so the write cannot block), counts it and closes the connection (closing a
     * socket adaptor's channel closes the socket).
     */
    private void writeInline(SocketChannel ch, SocketAddress remote, EncodedGreeting greeting, long start) {
        ByteBuffer buf = inlineView(greeting);
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            metrics.greeted(remote, greeting.length(), start);
        } catch (IOException e) {
            metrics.failed(remote, Failures.serverReason(e), greeting.length() - buf.remaining(), start);
        } finally {
            closeQuietly(ch);
        }
    }

    /**
     * The accepting thread's view of {@code g}'s shared direct buffer, rewound rather than made
     * again for each connection (a greeting changes once a second at most). Accepting thread only.
     */
    private ByteBuffer inlineView(EncodedGreeting g) {
        if (cache.needsAddresses()) {
            return g.heapBuffer(); // written once: a direct copy of its own would not pay
        }
        if (g != viewOf) {
            view = g.directBuffer();
            viewOf = g;
        } else {
            view.clear();
        }
        return view;
    }

    /** Hands a large greeting to the writers, with its write timeout. */
    private void writeLater(Connection c) {
        c.expireAfter(config.writeTimeout(), FailureReason.WRITE_TIMEOUT);
        hand(c);
    }

    /** {@link #greet(Socket)} on a Unix domain socket. */
    private void greetUnix(SocketChannel ch) {
        long start = metrics.startNanos();
        SocketAddress remote = metrics.wantsAddresses() || cache.needsAddresses() ? remoteOf(ch) : null;
        if (admitOverLimit(remote, start)) {
            closeQuietly(ch);
            return;
        }
        EncodedGreeting greeting = greetingOrNull(remote, cache.needsAddresses() ? bound : null, start);
        if (greeting == null) {
            closeQuietly(ch);
            return;
        }
        if (tls != null) {
            handshakeLater(new Connection(ch, remote, greeting, start));
            return;
        }
        if (greeting.length() <= INLINE_LIMIT) {
            writeInline(ch, remote, greeting, start);
            return;
        }
        if (SendBuffers.bounded(config, greeting.length())) {
            try {
                ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
            } catch (IOException e) {
                metrics.failed(remote, Failures.serverReason(e), 0, start);
                closeQuietly(ch);
                return;
            }
        }
        writeLater(new Connection(ch, remote, greeting, start));
    }

    private static SocketAddress remoteOf(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** A greeting too large to write inline, or one over TLS (after the handshake), written by an executor thread. */
    private final class Connection implements Runnable, DeadlineSweep.Watched {
        private static final int SLICE = 64 * 1024;
        /** The slice of a client that reads: see {@link #writeDirect}. */
        private static final int LARGE_SLICE = 1 << 20;
        /** A {@link Socket}, or a {@link SocketChannel} on a Unix socket. */
        final java.io.Closeable socket;
        final SocketAddress remote;
        final EncodedGreeting greeting;
        final long start;
        volatile long written;
        /**
         * When the sweep fails the connection, and why. Written deadline first, read expiry first:
         * a sweep that sees the write timeout also sees its deadline, never the handshake's.
         */
        private volatile long deadline;
        private volatile FailureReason expiry;
        private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

        Connection(java.io.Closeable socket, SocketAddress remote, EncodedGreeting greeting, long start) {
            this.socket = socket;
            this.remote = remote;
            this.greeting = greeting;
            this.start = start;
        }

        /** Sets the deadline {@code timeout} from now; the sweep fails the connection with {@code why} then. */
        void expireAfter(Duration timeout, FailureReason why) {
            deadline = System.nanoTime() + timeout.toNanos();
            expiry = why;
        }

        @Override
        public void expireIfDue(long now) {
            FailureReason why = expiry;
            if (now - deadline >= 0) {
                fail(why);
            }
        }

        @Override
        public void run() {
            if (tls != null && socket instanceof SocketChannel) {
                runTlsOnChannel((SocketChannel) socket);
                return;
            }
            try {
                var out = socket instanceof Socket ? ((Socket) socket).getOutputStream()
                        : Channels.newOutputStream((SocketChannel) socket);
                SSLSocket ssl = null;
                if (tls != null) {
                    ssl = handshake();
                    if (ssl == null) {
                        return;
                    }
                    out = ssl.getOutputStream();
                }
                int len = greeting.length();
                SocketChannel channel = ssl != null ? null
                        : socket instanceof SocketChannel ? (SocketChannel) socket : ((Socket) socket).getChannel();
                if (channel != null) {
                    writeDirect(channel, len);
                } else {
                    // In slices so that a failure can say how far it got.
                    // TLS over TCP: the SSLSocket writes through the accepted socket's buffer (a channel adaptor's).
                    SocketChannel plain = ((Socket) socket).getChannel();
                    if (SendBuffers.bounded(config, len)) {
                        plain.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                    }
                    for (int off = 0; off < len && !done.get(); off += SLICE) {
                        int n = Math.min(SLICE, len - off);
                        greeting.writeTo(out, off, n);
                        written += n;
                        if (SendBuffers.grows(config, len, off, off + n)) {
                            grow(plain);
                        }
                    }
                }
                if (ssl != null && !done.get()) {
                    ssl.shutdownOutput(); // close_notify, then finish() sends the FIN
                }
                if (done.compareAndSet(false, true)) {
                    metrics.greeted(remote, len, start);
                    finish(false);
                }
            } catch (IOException e) {
                fail(Failures.serverReason(e)); // no-op if the sweep or close() got here first
            }
        }

        /** Lifts the send buffer's bound: the client has taken enough to have read (see {@link SendBuffers}). */
        private void grow(SocketChannel channel) throws IOException {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SendBuffers.readerSize(config));
        }

        /**
         * Writes the greeting from the shared direct buffer in slices: the channel then copies
         * nothing into a temporary direct buffer per write (a stream over the heap bytes would, 1 MiB
         * per 1 MiB greeting). The accepted sockets are channel adaptors, so TCP has a channel too.
         * While the send buffer is bounded the slices are small, so that a client that stalls is
         * failed with the count of what it took; once it has read (or with no bound) they are
         * large: blocking writes of 64 KiB halved the throughput of a 16 MiB greeting.
         */
        private void writeDirect(SocketChannel channel, int len) throws IOException {
            // A per-connection greeting is written once: its heap bytes, not a direct copy of its own.
            ByteBuffer buf = cache.needsAddresses() ? greeting.heapBuffer() : greeting.directBuffer();
            boolean bounded = SendBuffers.bounded(config, len);
            int proof = SendBuffers.proof(config, len);
            for (int off = 0; off < len && !done.get(); off = buf.position()) {
                int slice = bounded && off < proof ? SLICE : LARGE_SLICE;
                buf.limit((int) Math.min(len, (long) off + slice));
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                written = buf.position();
                if (SendBuffers.grows(config, len, off, buf.position())) {
                    grow(channel);
                }
            }
        }

        /**
         * Layers TLS over the accepted socket and completes the handshake; returns null if it
         * failed (counted here) or the sweep or close() ended the connection meanwhile.
         */
        private SSLSocket handshake() throws IOException {
            Socket socket = (Socket) this.socket; // TLS runs on TCP sockets only (checked at construction)
            // A handshake is small writes answering each other: Nagle would hold the greeting behind
            // the unacknowledged session tickets until the client's delayed ACK (40 ms).
            socket.setTcpNoDelay(true);
            SSLSocket ssl = (SSLSocket) tlsFactory.createSocket(socket, null, socket.getPort(), false);
            ssl.setUseClientMode(false);
            ssl.setEnabledProtocols(tls.protocolNames());
            ssl.setNeedClientAuth(tls.clientAuth());
            try {
                ssl.startHandshake();
            } catch (IOException e) { // an SSLException, or the client left mid-handshake
                handshakeFailed(e);
                return null;
            }
            if (!startWriting()) {
                return null;
            }
            return ssl;
        }

        /**
         * TLS on a Unix socket, where no {@code SSLSocket} can go: an {@code SSLEngine} driven over
         * the blocking channel on this writer thread. Its deadlines are the sweep's, as on TCP:
         * it closes the channel, which ends a blocked read or write.
         */
        private void runTlsOnChannel(SocketChannel ch) {
            TlsSession session = new TlsSession(TlsEngines.server(tls), tlsBuffers);
            TlsWire wire = TlsWire.of(ch, deadline -> { });
            try {
                try {
                    session.begin();
                    BlockingTls.handshake(session, wire, Long.MAX_VALUE);
                } catch (IOException e) { // an SSLException, or the client left mid-handshake
                    if (!done.get()) {
                        BlockingTls.flushQuietly(session, wire); // the alert: the client learns why
                    }
                    handshakeFailed(e);
                    return;
                }
                if (!startWriting()) {
                    return;
                }
                if (SendBuffers.bounded(config, greeting.length())) {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                }
                BlockingTls.send(session, wire, greeting.heapBuffer(), n -> {
                    long before = written;
                    written += n;
                    if (SendBuffers.grows(config, greeting.length(), before, written)) {
                        try {
                            grow(ch);
                        } catch (IOException e) {
                            // closed meanwhile: the next write fails and says why
                        }
                    }
                });
                if (!done.get()) {
                    BlockingTls.closeNotify(session, wire); // then finish() closes: the FIN
                }
                if (done.compareAndSet(false, true)) {
                    metrics.greeted(remote, greeting.length(), start);
                    finish(false);
                }
            } catch (IOException e) { // after the handshake: a TLS error is the connection's, not the handshake's
                fail(e instanceof SSLException ? FailureReason.IO : Failures.serverReason(e));
            } finally {
                session.release();
            }
        }

        /** Counts a failed handshake (unless the sweep or close() ended the connection first) and closes. */
        private void handshakeFailed(IOException e) {
            if (!done.get() && LOG.isDebugEnabled()) {
                LOG.debug("TLS handshake with {} failed: {}", socket instanceof Socket
                        ? ((Socket) socket).getRemoteSocketAddress() : remoteOf((SocketChannel) socket), TlsFailures.reason(e));
            }
            // No greeting to cut: a FIN, not a reset, so that the alert reaches the client.
            if (done.compareAndSet(false, true)) {
                metrics.failed(remote, FailureReason.TLS_HANDSHAKE, 0, start);
                finish(false);
            }
        }

        /** The handshake is done: the write timeout replaces the handshake timeout. */
        private boolean startWriting() {
            expireIfDue(System.nanoTime()); // a handshake that overran is failed as one, as the sweep would
            if (done.get()) {
                return false; // the handshake timeout, close() or a failure got here first
            }
            expireAfter(config.writeTimeout(), FailureReason.WRITE_TIMEOUT);
            return !done.get();
        }

        /** Ends the connection with a reset; the first of writer, sweep and close() to get here counts it. */
        void fail(FailureReason reason) {
            if (done.compareAndSet(false, true)) {
                metrics.failed(remote, reason, written, start);
                finish(true);
            }
        }

        private void finish(boolean reset) {
            inFlight.remove(this);
            if (reset) {
                abort(socket);
            } else {
                closeQuietly(socket);
            }
        }
    }

    @Override
    protected void stop(long drainNanos) {
        stopping = true; // before the socket closes: the acceptor must not take that for EMFILE
        closeQuietly(serverSocket);
        closeQuietly(unixChannel);
        joinQuietly(acceptor);
        if (writers != null) {
            writers.shutdown();
            if (!await(writers, drainNanos)) {
                for (Connection c : inFlight) {
                    c.fail(FailureReason.SHUTDOWN);
                }
                writers.shutdownNow();
                await(writers, TimeUnit.SECONDS.toNanos(5));
            }
            for (Connection c : inFlight) { // queued behind the pool and never started
                c.fail(FailureReason.SHUTDOWN);
            }
        }
        if (timer != null) {
            timer.shutdownNow();
            await(timer, TimeUnit.SECONDS.toNanos(5));
        }
    }

    private static boolean await(ExecutorService e, long nanos) {
        try {
            return e.awaitTermination(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void joinQuietly(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes a TCP socket with RST, so the peer cannot take a cut greeting for a whole one. A Unix
     * socket has no reset: it is closed, and only a format with a length or a line end shows the cut.
     */
    static void abort(java.io.Closeable c) {
        if (c instanceof Socket) {
            try {
                ((Socket) c).setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
        }
        closeQuietly(c);
    }

}
