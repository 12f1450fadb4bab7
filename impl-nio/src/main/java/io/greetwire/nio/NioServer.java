package io.greetwire.nio;

import io.greetwire.FailureReason;
import io.greetwire.ServerConfig;
import io.greetwire.internal.AbstractGreetingServer;
import io.greetwire.internal.AcceptBackoff;
import static io.greetwire.internal.Closeables.closeQuietly;
import io.greetwire.internal.Addresses;
import io.greetwire.internal.BindFailure;
import io.greetwire.internal.EncodedGreeting;
import io.greetwire.ServerTls;
import io.greetwire.internal.BufferPool;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsFailures;
import io.greetwire.internal.TlsSession;
import io.greetwire.internal.TlsTasks;
import io.greetwire.internal.Failures;
import io.greetwire.internal.SendBuffers;
import java.io.IOException;
import javax.net.ssl.SSLException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Selector event loops ({@code greetwire-nio-server-PORT-N}). Loop 1 owns the
 * {@link ServerSocketChannel}: on each wake-up it accepts a burst (up to
 * {@code nio.acceptBatch}) and, for a greeting of up to {@code nio.inlineLimit} bytes, writes it
 * at once and closes; a larger greeting goes round-robin to all loops through a queue and a
 * guarded {@link Selector#wakeup()}. The loop that owns a connection writes from a duplicate of
 * the greeting's shared direct buffer and registers {@code OP_WRITE} only when a write does not
 * complete; its write deadline is kept in a {@link DeadlineList}, and the loop sleeps no longer
 * than the earliest one. Nothing but {@code wakeup()} touches a selector from another thread.
 */
final class NioServer extends AbstractGreetingServer {
    private static final Logger LOG = LoggerFactory.getLogger(NioServer.class);
    private static final long JOIN_SLACK_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Greetings up to this size ({@value} bytes) are written with the accepted channel still in
     * blocking mode, as accept returns it: they fit any socket send buffer, so the write cannot
     * block, and switching to non-blocking mode would cost two system calls per connection.
     */
    static final int BLOCKING_WRITE_LIMIT = 4 * 1024;

    private final NioOptions options;
    private final long writeTimeoutNanos;
    /** The TLS setting, or null for plain TCP. */
    private final ServerTls serverTls;
    private final long handshakeTimeoutNanos;
    private final BufferPool tlsBuffers;
    /** Runs the handshakes' delegated tasks; made by start() with TLS. */
    private TlsTasks tlsTasks;
    /** Greetings that did not go out in one write (registered for OP_WRITE); for tests. */
    private final AtomicLong deferredWrites = new AtomicLong();

    private ServerSocketChannel serverChannel;
    private SocketAddress bound;
    private Loop[] loops;

    /** Set by close(): loops stop accepting and drain until {@link #drainDeadline}. */
    private volatile boolean closing;
    private volatile long drainDeadline;
    /** Set by the accepting loop once it has closed the server channel: no more hand-offs come. */
    private volatile boolean acceptStopped;

    NioServer(ServerConfig config, NioOptions options) {
        super(config, NioTransport.NAME, LOG);
        this.options = options;
        this.writeTimeoutNanos = config.writeTimeout().toNanos();
        this.serverTls = config.tls().orElse(null);
        this.handshakeTimeoutNanos = serverTls == null ? 0 : serverTls.handshakeTimeout().toNanos();
        this.tlsBuffers = serverTls == null ? null : new BufferPool(BufferPool.TLS_BUFFER, 1024);
    }

    @Override
    protected SocketAddress bind(SocketAddress address) throws IOException {
        if (address instanceof UnixDomainSocketAddress) {
            serverChannel = ServerSocketChannel.open(StandardProtocolFamily.UNIX); // no SO_REUSEADDR there
        } else {
            serverChannel = Addresses.openTcpServer(address);
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        }
        try {
            serverChannel.bind(address, config.backlog());
        } catch (IOException e) {
            throw BindFailure.of(address, e);
        }
        serverChannel.configureBlocking(false);
        bound = serverChannel.getLocalAddress();
        int n = config.ioThreads() > 0 ? config.ioThreads() : Runtime.getRuntime().availableProcessors();
        if (serverTls != null) {
            tlsTasks = new TlsTasks("greetwire-nio-server-" + Addresses.tag(bound) + "-tls", Runtime.getRuntime().availableProcessors());
        }
        Loop[] made = new Loop[n];
        loops = made;
        for (int i = 0; i < n; i++) {
            made[i] = new Loop(i, Selector.open(), "greetwire-nio-server-" + Addresses.tag(bound) + "-" + (i + 1));
        }
        for (Loop l : made) {
            l.thread.start();
            l.threadStarted = true;
        }
        return bound;
    }

    @Override
    protected String startDetails() {
        return " loops=" + loops.length + TlsEngines.describe(serverTls, "jdk");
    }

    @Override
    protected void stop(long drainNanos) {
        stopLoops(drainNanos);
    }

    /** Tells every loop to stop accepting and drain for {@code drainNanos}, then joins them. */
    private void stopLoops(long drainNanos) {
        drainDeadline = System.nanoTime() + drainNanos;
        closing = true;
        Loop[] ls = loops;
        if (ls != null) {
            for (Loop l : ls) {
                if (l != null) {
                    l.selector.wakeup();
                }
            }
            long joinDeadline = System.nanoTime() + drainNanos + JOIN_SLACK_NANOS;
            boolean interrupted = false;
            for (Loop l : ls) {
                if (l == null) {
                    continue;
                }
                if (!l.threadStarted) {
                    // Its thread never ran (start() failed half-way); the first loop, joined
                    // above, may have handed it connections.
                    l.drainInbox(FailureReason.SHUTDOWN);
                    closeQuietly(l.selector); // nobody else uses it
                    continue;
                }
                while (l.thread.isAlive()) {
                    long left = joinDeadline - System.nanoTime();
                    if (left <= 0) {
                        LOG.warn("{} did not stop within the drain timeout", l.thread.getName());
                        break;
                    }
                    try {
                        l.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    } catch (InterruptedException e) {
                        interrupted = true; // finish closing, then restore the flag
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (serverChannel != null && serverChannel.isOpen()) {
            closeQuietly(serverChannel); // start() failed before the accepting loop took it over
        }
        if (tlsTasks != null) {
            tlsTasks.close();
        }
    }

    /** How many greetings needed more than one write so far. */
    long deferredWrites() {
        return deferredWrites.get();
    }

    private boolean needRemote() {
        return metrics.wantsAddresses() || cache.needsAddresses();
    }

    // ---- connections ------------------------------------------------------------------------

    /** An accepted connection on its way to the loop that will greet it. */
    private record Handoff(SocketChannel channel, SocketAddress remote, EncodedGreeting greeting, long acceptedNanos,
            long start) { }

    /** A connection whose greeting did not go out in one write: registered for OP_WRITE. */
    private class Conn extends DeadlineList.Node {
        final Loop loop;
        final SocketChannel channel;
        final SocketAddress remote;
        final ByteBuffer buf;
        final int length;
        /** For the JFR event; 0 when no recording wanted it. */
        final long start;
        SelectionKey key;

        Conn(Loop loop, SocketChannel channel, SocketAddress remote, ByteBuffer buf, int length, long start) {
            this.loop = loop;
            this.channel = channel;
            this.remote = remote;
            this.buf = buf;
            this.length = length;
            this.start = start;
        }

        /** The key is ready for what this connection asked. */
        void onReady() {
            try {
                int before = length - buf.remaining();
                channel.write(buf);
                growIfProven(channel, length, before, length - buf.remaining());
            } catch (IOException e) {
                fail(Failures.serverReason(e));
                return;
            }
            if (!buf.hasRemaining()) {
                loop.writing.remove(this);
                metrics.greeted(remote, length, start);
                key.cancel();
                closeQuietly(channel); // FIN now (shutdown), the descriptor at the next select
            }
        }

        void fail(FailureReason reason) {
            loop.writing.remove(this);
            metrics.failed(remote, reason, length - buf.remaining(), start);
            abort(channel);
        }

        /** The deadline passed. */
        void expired() {
            fail(FailureReason.WRITE_TIMEOUT);
        }
    }

    /**
     * A connection over TLS, driven by its loop without ever blocking: the handshake (its
     * delegated tasks on {@link #tlsTasks}), the greeting in records, close_notify, then FIN.
     * Its deadline is the handshake timeout until the handshake is done, then the write timeout.
     */
    private final class TlsConn extends Conn {
        final TlsSession tls;
        boolean handshaken;
        boolean closeQueued;
        boolean done;

        TlsConn(Loop loop, SocketChannel channel, SocketAddress remote, ByteBuffer buf, int length, long start) {
            super(loop, channel, remote, buf, length, start);
            this.tls = new TlsSession(TlsEngines.server(serverTls), tlsBuffers);
        }

        void start(long acceptedNanos) throws IOException {
            deadline = (acceptedNanos == 0L ? System.nanoTime() : acceptedNanos) + handshakeTimeoutNanos;
            // Small writes answering each other: without this, Nagle holds the greeting behind the
            // unacknowledged session tickets until the client's delayed ACK.
            if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) { // not on a Unix socket
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            key = channel.register(loop.selector, SelectionKey.OP_READ, this);
            loop.writing.add(this);
            tls.begin();
            onReady();
        }

        @Override
        void onReady() {
            if (done) {
                return;
            }
            try {
                while (true) {
                    if (tls.hasOutput()) {
                        channel.write(tls.netOut());
                        if (tls.hasOutput()) {
                            key.interestOps(SelectionKey.OP_WRITE);
                            return;
                        }
                    }
                    if (!handshaken) {
                        TlsSession.Step step = tls.handshake();
                        if (step == TlsSession.Step.READ) {
                            int n = channel.read(tls.netIn());
                            if (n < 0) {
                                tls.endOfInput(); // throws: the client left mid-handshake
                            }
                            if (n <= 0) {
                                key.interestOps(SelectionKey.OP_READ);
                                return;
                            }
                        } else if (step == TlsSession.Step.TASK) {
                            key.interestOps(0);
                            if (!tlsTasks.run(tls, () -> loop.post(this::onReady))) {
                                fail(FailureReason.SHUTDOWN);
                            }
                            return;
                        } else if (step == TlsSession.Step.DONE) {
                            handshaken = true;
                            loop.writing.remove(this);
                            deadline = System.nanoTime() + writeTimeoutNanos;
                            loop.writing.add(this);
                            if (SendBuffers.bounded(config, length)) {
                                channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                            }
                        }
                    } else if (buf.hasRemaining()) {
                        int before = length - buf.remaining();
                        tls.send(buf);
                        growIfProven(channel, length, before, length - buf.remaining());
                    } else if (!closeQueued) {
                        closeQueued = true;
                        tls.close(); // close_notify
                    } else {
                        done = true;
                        loop.writing.remove(this);
                        metrics.greeted(remote, length, start);
                        release();
                        closeQuietly(channel); // FIN after close_notify
                        return;
                    }
                }
            } catch (IOException e) { // an SSLException, or the client left
                if (handshaken) {
                    fail(e instanceof SSLException ? FailureReason.IO : Failures.serverReason(e));
                    return;
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("TLS handshake with {} failed: {}", remoteOf(channel), TlsFailures.reason(e));
                }
                done = true;
                loop.writing.remove(this);
                metrics.failed(remote, FailureReason.TLS_HANDSHAKE, 0, start);
                try {
                    tls.alert();
                    if (tls.hasOutput()) {
                        channel.write(tls.netOut()); // the alert, best effort: the client learns why
                    }
                } catch (IOException ignored) {
                    // it is closing anyway
                }
                release();
                closeQuietly(channel); // no greeting to cut: a FIN
            }
        }

        @Override
        void fail(FailureReason reason) {
            if (done) {
                return;
            }
            done = true;
            loop.writing.remove(this);
            metrics.failed(remote, reason, handshaken ? length - buf.remaining() : 0, start);
            release();
            abort(channel);
        }

        @Override
        void expired() {
            fail(handshaken ? FailureReason.WRITE_TIMEOUT : FailureReason.HANDSHAKE_TIMEOUT);
        }

        private void release() {
            if (key != null) {
                key.cancel();
            }
            tls.release();
        }
    }

    // ---- the event loop ---------------------------------------------------------------------

    private final class Loop implements Runnable {
        final int index;
        final Selector selector;
        final Thread thread;
        volatile boolean threadStarted;
        final ConcurrentLinkedQueue<Handoff> inbox = new ConcurrentLinkedQueue<>();
        /** Work handed back by TLS task threads. */
        final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
        /** True while the loop is in (or about to enter) select(): a producer must wake it. */
        final AtomicBoolean selecting = new AtomicBoolean();
        final DeadlineList<Conn> writing = new DeadlineList<>();
        private volatile boolean exited;

        // The accepting loop's own state.
        private SelectionKey acceptKey;
        private final AcceptBackoff backoff = new AcceptBackoff(metrics, LOG, bound);
        private long resumeAcceptAt;
        private int nextLoop;

        Loop(int index, Selector selector, String name) {
            this.index = index;
            this.selector = selector;
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        /** From the accepting loop: queue a connection and wake this loop if it sleeps. */
        void handoff(Handoff h) {
            inbox.offer(h);
            if (selecting.get() && selecting.compareAndSet(true, false)) {
                selector.wakeup();
            }
            if (exited) {
                drainInbox(FailureReason.SHUTDOWN); // this loop died: do not strand the connection
            }
        }

        @Override
        public void run() {
            try {
                if (index == 0) {
                    acceptKey = serverChannel.register(selector, SelectionKey.OP_ACCEPT);
                }
                loop();
            } catch (Throwable t) {
                LOG.error("{} failed; its connections are closed", thread.getName(), t);
            } finally {
                exited = true;
                if (index == 0) {
                    stopAccepting();
                }
                abortAll(FailureReason.SHUTDOWN);
                closeQuietly(selector);
            }
        }

        private void loop() throws IOException {
            while (true) {
                runInbox();
                long now = System.nanoTime();
                expire(now);
                if (closing) {
                    if (index == 0) {
                        stopAccepting();
                    }
                    if (now - drainDeadline >= 0) {
                        abortAll(FailureReason.SHUTDOWN);
                    }
                    // acceptStopped first: once it is seen, every hand-off is in the inbox.
                    if (writing.isEmpty() && acceptStopped && inbox.isEmpty()) {
                        return;
                    }
                } else if (acceptKey != null && backoff.backingOff() && resumeAcceptAt != 0 && now - resumeAcceptAt >= 0) {
                    resumeAcceptAt = 0;
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                }
                long timeout = timeoutMillis(now);
                selecting.set(true);
                if (!inbox.isEmpty() || !posted.isEmpty()) {
                    selector.selectNow(this::onKey);
                } else if (timeout == 0) {
                    selector.select(this::onKey); // no deadline: sleep until woken
                } else {
                    selector.select(this::onKey, timeout);
                }
                selecting.set(false);
            }
        }

        /** Milliseconds to the earliest deadline (rounded up, at least 1), or 0 for none. */
        private long timeoutMillis(long now) {
            long next = Long.MAX_VALUE;
            boolean any = false;
            Conn first = writing.first();
            if (first != null) {
                next = first.deadline - now;
                any = true;
            }
            if (resumeAcceptAt != 0) {
                next = any ? Math.min(next, resumeAcceptAt - now) : resumeAcceptAt - now;
                any = true;
            }
            if (closing) {
                next = any ? Math.min(next, drainDeadline - now) : drainDeadline - now;
                any = true;
            }
            if (!any) {
                return 0;
            }
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999));
        }

        private void onKey(SelectionKey key) {
            if (!key.isValid()) {
                return;
            }
            Object att = key.attachment();
            if (att instanceof Conn) {
                ((Conn) att).onReady();
            } else if (key == acceptKey) {
                acceptBurst();
            }
        }

        private void acceptBurst() {
            for (int i = 0; i < options.acceptBatch && !closing; i++) {
                SocketChannel ch;
                try {
                    ch = serverChannel.accept();
                } catch (IOException e) {
                    acceptFailed(e);
                    return;
                }
                if (ch == null) {
                    return;
                }
                backoff.succeeded();
                accepted(ch);
            }
        }

        /** EMFILE, ENFILE, ENOBUFS...: pause accept interest, retry after a growing back-off. */
        private void acceptFailed(IOException e) {
            long wait = backoff.failed(e);
            acceptKey.interestOps(0);
            long at = System.nanoTime() + wait;
            resumeAcceptAt = at == 0 ? 1 : at;
        }

        private void accepted(SocketChannel ch) {
            long start = metrics.startNanos();
            SocketAddress remote = needRemote() ? remoteOf(ch) : null;
            if (admitOverLimit(remote, start)) {
                closeQuietly(ch);
                return;
            }
            EncodedGreeting greeting = greetingOrNull(remote, cache.needsAddresses() ? localOf(ch) : null, start);
            if (greeting == null) {
                abort(ch);
                return;
            }
            Loop[] ls = loops;
            if (greeting.length() <= options.inlineLimit || ls.length == 1) {
                greet(ch, remote, greeting, 0L, start);
                return;
            }
            int i = nextLoop;
            nextLoop = i + 1 == ls.length ? 0 : i + 1;
            if (ls[i] == this) {
                greet(ch, remote, greeting, 0L, start);
            } else {
                ls[i].handoff(new Handoff(ch, remote, greeting, System.nanoTime(), start));
            }
        }

        private void runInbox() {
            for (Runnable r; (r = posted.poll()) != null; ) {
                r.run();
            }
            Handoff h;
            while ((h = inbox.poll()) != null) {
                if (closing && System.nanoTime() - drainDeadline >= 0) {
                    abort(h.channel());
                    metrics.failed(h.remote(), FailureReason.SHUTDOWN, 0, h.start());
                } else {
                    greet(h.channel(), h.remote(), h.greeting(), h.acceptedNanos(), h.start());
                }
            }
        }

        /**
         * Writes at once; only a write that does not complete is registered for OP_WRITE, with a
         * deadline of {@code acceptedNanos} (0: now) plus the write timeout.
         */
        private void greet(SocketChannel ch, SocketAddress remote, EncodedGreeting greeting, long acceptedNanos,
                long start) {
            if (serverTls != null) {
                TlsConn c = new TlsConn(this, ch, remote, greeting.heapBuffer(), greeting.length(), start);
                try {
                    ch.configureBlocking(false);
                    c.start(acceptedNanos);
                } catch (IOException e) {
                    c.fail(Failures.serverReason(e));
                }
                return;
            }
            // A per-connection greeting is used once: the JDK's per-thread temporary direct buffer
            // serves it better than a direct buffer of its own.
            ByteBuffer buf = cache.needsAddresses() ? greeting.heapBuffer() : greeting.directBuffer();
            int length = buf.remaining();
            try {
                if (length > BLOCKING_WRITE_LIMIT) {
                    ch.configureBlocking(false); // two fcntl calls: only for a write that may not complete
                }
                if (SendBuffers.bounded(config, length)) {
                    ch.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferSize());
                }
                ch.write(buf);
                growIfProven(ch, length, 0, length - buf.remaining());
            } catch (IOException e) {
                metrics.failed(remote, Failures.serverReason(e), length - buf.remaining(), start);
                abort(ch);
                return;
            }
            if (!buf.hasRemaining()) {
                metrics.greeted(remote, length, start);
                closeQuietly(ch);
                return;
            }
            deferredWrites.incrementAndGet();
            Conn c = new Conn(this, ch, remote, buf, length, start);
            c.deadline = (acceptedNanos == 0L ? System.nanoTime() : acceptedNanos) + writeTimeoutNanos;
            try {
                c.key = ch.register(selector, SelectionKey.OP_WRITE, c);
            } catch (ClosedChannelException e) {
                metrics.failed(remote, FailureReason.IO, length - buf.remaining(), start);
                abort(ch);
                return;
            }
            writing.add(c);
        }

        private void expire(long now) {
            Conn c;
            while ((c = writing.first()) != null && now - c.deadline >= 0) {
                c.expired();
            }
        }

        /** From a TLS task thread: run {@code r} on this loop. */
        void post(Runnable r) {
            posted.offer(r);
            if (selecting.get() && selecting.compareAndSet(true, false)) {
                selector.wakeup();
            }
        }

        private void abortAll(FailureReason reason) {
            Conn c;
            while ((c = writing.first()) != null) {
                c.fail(reason);
            }
            drainInbox(reason);
        }

        private void drainInbox(FailureReason reason) {
            Handoff h;
            while ((h = inbox.poll()) != null) {
                abort(h.channel());
                metrics.failed(h.remote(), reason, 0, h.start());
            }
        }

        private void stopAccepting() {
            if (acceptStopped) {
                return;
            }
            if (acceptKey != null) {
                acceptKey.cancel();
            }
            closeQuietly(serverChannel); // the descriptor goes at the next select or selector close
            acceptStopped = true;
            for (Loop l : loops) {
                if (l != this && l != null) {
                    l.selector.wakeup();
                }
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static SocketAddress remoteOf(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static SocketAddress localOf(SocketChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Lifts the send buffer's bound once the client has taken enough to have read (see {@link SendBuffers}). */
    private void growIfProven(SocketChannel ch, int length, int before, int after) throws IOException {
        if (SendBuffers.grows(config, length, before, after)) {
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SendBuffers.readerSize(config));
        }
    }

    /** Closes with RST (SO_LINGER 0), so the peer cannot take a cut greeting for a whole one. */
    static void abort(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // already closed
        }
        closeQuietly(ch);
    }

}
