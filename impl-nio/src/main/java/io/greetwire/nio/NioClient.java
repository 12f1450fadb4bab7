package io.greetwire.nio;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.internal.Addresses;
import io.greetwire.internal.AbstractGreetingClient;
import io.greetwire.internal.CallerThreadFetch;
import io.greetwire.internal.Closeables;
import io.greetwire.internal.GreetingReader;
import io.greetwire.ClientTls;
import io.greetwire.internal.BufferPool;
import io.greetwire.internal.TlsEngines;
import io.greetwire.internal.TlsFetch;
import io.greetwire.internal.TlsSession;
import io.greetwire.internal.TlsTasks;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fetch} runs on the caller's thread ({@link CallerThreadFetch}); {@code fetchAsync} uses
 * non-blocking {@link SocketChannel}s multiplexed over a few selector loops
 * ({@code greetwire-nio-client-ID-N}; one or two by default, {@code ioThreads} overrides), made
 * at the first asynchronous fetch and shared by every one of this client. The caller's thread opens the
 * channel and starts the connect; the loop registers it, finishes the connect, reads into one
 * direct buffer per loop (never more than {@link GreetingReader#readLimit()}), and enforces the
 * connect deadline and the read deadline (connected to end of stream). Futures complete on the
 * loop thread, so dependent actions that are not {@code ...Async} run there and must not block.
 */
final class NioClient extends AbstractGreetingClient {
    private static final Logger LOG = LoggerFactory.getLogger(NioClient.class);
    private static final AtomicInteger IDS = new AtomicInteger();
    static final int READ_BUFFER = 64 * 1024;
    /** Reads per readiness event before the loop turns to other channels. */
    private static final int READS_PER_EVENT = 16;
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final long connectTimeoutNanos;
    private final long readTimeoutNanos;
    /** The TLS setting, or null for plain TCP. */
    private final ClientTls tls;
    private final BufferPool tlsBuffers;
    /** Runs the handshakes' delegated tasks; made with the loops. */
    private volatile TlsTasks tlsTasks;
    private final Object lock = new Object();
    private final AtomicInteger next = new AtomicInteger();
    private final CallerThreadFetch direct;
    private volatile boolean closed;
    private volatile Loop[] loops;

    NioClient(ClientConfig config, NioOptions options) {
        super(config);
        this.connectTimeoutNanos = config.connectTimeout().toNanos();
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.tls = config.tls().orElse(null);
        this.tlsBuffers = tls == null ? null : new BufferPool(BufferPool.TLS_BUFFER, 256);
        this.direct = new CallerThreadFetch(config);
    }

    /**
     * On the calling thread, with a blocking channel ({@link CallerThreadFetch}): a synchronous
     * fetch through the loops would pay two thread hand-offs (to the loop and back) for nothing.
     */
    @Override
    public Greeting fetch(SocketAddress server) throws GreetingException {
        return direct.supports(server) ? direct.fetch(server) : super.fetch(server);
    }

    @Override
    public CompletableFuture<Greeting> fetchAsync(SocketAddress server) {
        GreetingReader reader = new GreetingReader(config, server);
        Fetch f = new Fetch(reader);
        if (closed) {
            f.future.completeExceptionally(reader.failure(Kind.CLOSED, "the client is closed", null));
            return f.future;
        }
        Loop loop;
        try {
            loop = pickLoop();
        } catch (IOException | RuntimeException | Error e) {
            f.future.completeExceptionally(closed
                    ? reader.failure(Kind.CLOSED, "the client is closed", null)
                    : reader.failure(Kind.IO, "cannot start the client's event loops: " + e, e));
            return f.future;
        }
        f.loop = loop;
        SocketChannel ch = null;
        try {
            ch = server instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX) : Addresses.openTcp(server);
            ch.configureBlocking(false);
            ch.connect(server); // usually pending; the loop finishes it
        } catch (IOException | RuntimeException e) { // refused at once, unresolved, unreachable
            Closeables.closeQuietly(ch);
            f.future.completeExceptionally(reader.failure(e));
            return f.future;
        }
        f.channel = ch;
        loop.submit(f);
        return f.future;
    }

    private Loop pickLoop() throws IOException {
        Loop[] ls = loops;
        if (ls == null) {
            synchronized (lock) {
                if (closed) {
                    throw new IllegalStateException("closed");
                }
                ls = loops;
                if (ls == null) {
                    ls = startLoops();
                    loops = ls;
                }
            }
        }
        return ls.length == 1 ? ls[0] : ls[Math.floorMod(next.getAndIncrement(), ls.length)];
    }

    private Loop[] startLoops() throws IOException {
        int n = config.ioThreads() > 0 ? config.ioThreads() : Math.min(2, Runtime.getRuntime().availableProcessors());
        String prefix = "greetwire-nio-client-" + IDS.incrementAndGet() + "-";
        if (tls != null) {
            tlsTasks = new TlsTasks(prefix + "tls", Runtime.getRuntime().availableProcessors());
        }
        Loop[] ls = new Loop[n];
        try {
            for (int i = 0; i < n; i++) {
                ls[i] = new Loop(Selector.open(), prefix + (i + 1));
            }
            for (Loop l : ls) {
                l.thread.start();
                l.threadStarted = true;
            }
        } catch (IOException | RuntimeException | Error e) {
            for (Loop l : ls) {
                if (l != null) {
                    l.stop = true;
                    l.selector.wakeup();
                    if (l.threadStarted) {
                        join(l.thread);
                    } else {
                        Closeables.closeQuietly(l.selector);
                    }
                }
            }
            throw e;
        }
        return ls;
    }

    @Override
    public void close() {
        Loop[] ls;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            ls = loops;
        }
        direct.close();
        if (ls == null) {
            return;
        }
        for (Loop l : ls) {
            l.selector.wakeup();
        }
        for (Loop l : ls) {
            if (l.thread != Thread.currentThread()) { // close() from a callback on the loop
                join(l.thread);
            }
        }
        TlsTasks t = tlsTasks;
        if (t != null) {
            t.close();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("{} did not stop within {} ms", t.getName(), JOIN_MILLIS);
        }
    }

    // ---- one fetch --------------------------------------------------------------------------

    /** A future whose cancel() also releases the connection (on its loop). */
    private static final class FetchFuture extends CompletableFuture<Greeting> {
        private final Fetch fetch;

        FetchFuture(Fetch fetch) {
            this.fetch = fetch;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && fetch.loop != null && fetch.channel != null) {
                fetch.loop.submit(fetch); // a done fetch in the inbox is cleaned up, not started
            }
            return cancelled;
        }
    }

    private static final class Fetch extends DeadlineList.Node {
        final GreetingReader reader;
        final FetchFuture future;
        volatile Loop loop;
        volatile SocketChannel channel;
        SelectionKey key;
        /** Over TLS, the engine and its buffers; made when connected. */
        TlsSession tls;

        Fetch(GreetingReader reader) {
            this.reader = reader;
            this.future = new FetchFuture(this);
        }
    }

    // ---- the event loop ---------------------------------------------------------------------

    private final class Loop implements Runnable {
        final Selector selector;
        final Thread thread;
        volatile boolean threadStarted;
        volatile boolean stop;
        private volatile boolean exited;
        final ConcurrentLinkedQueue<Fetch> inbox = new ConcurrentLinkedQueue<>();
        /** Work handed back by TLS task threads. */
        final ConcurrentLinkedQueue<Runnable> posted = new ConcurrentLinkedQueue<>();
        final AtomicBoolean selecting = new AtomicBoolean();
        final DeadlineList<Fetch> connecting = new DeadlineList<>();
        final DeadlineList<Fetch> reading = new DeadlineList<>();
        final ByteBuffer readBuf = ByteBuffer.allocateDirect(READ_BUFFER);

        Loop(Selector selector, String name) {
            this.selector = selector;
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        /** From any thread: hand a fetch to this loop (to start it, or to clean up a cancelled one). */
        void submit(Fetch f) {
            inbox.offer(f);
            if (selecting.get() && selecting.compareAndSet(true, false)) {
                selector.wakeup();
            }
            // The loop drains its inbox after it sees closed or exits; if it may have done so
            // already, take the fetch back (exactly one of us gets it) and fail it here.
            if ((closed || exited) && inbox.remove(f)) {
                // Not release(): its lists and key belong to the loop, which may be failing them
                // right now; the channel and the future are safe to settle from here.
                Closeables.closeQuietly(f.channel);
                f.future.completeExceptionally(f.reader.failure(Kind.CLOSED, "the client is closed", null));
            }
        }

        @Override
        public void run() {
            try {
                while (!closed && !stop) {
                    runInbox();
                    long now = System.nanoTime();
                    expire(now);
                    long timeout = timeoutMillis(now);
                    selecting.set(true);
                    if (!inbox.isEmpty() || !posted.isEmpty() || closed) {
                        selector.selectNow(this::onKey);
                    } else if (timeout == 0) {
                        selector.select(this::onKey);
                    } else {
                        selector.select(this::onKey, timeout);
                    }
                    selecting.set(false);
                }
            } catch (Throwable t) {
                LOG.error("{} failed; its fetches fail", thread.getName(), t);
            } finally {
                exited = true;
                String why = closed ? "the client was closed" : "the client's event loop stopped";
                failAll(connecting, why);
                failAll(reading, why);
                Fetch f;
                while ((f = inbox.poll()) != null) {
                    release(f, f.reader.failure(Kind.CLOSED, why, null));
                }
                Closeables.closeQuietly(selector);
            }
        }

        private void failAll(DeadlineList<Fetch> list, String why) {
            Fetch f;
            while ((f = list.first()) != null) {
                release(f, f.reader.failure(Kind.CLOSED, why, null));
            }
        }

        private long timeoutMillis(long now) {
            Fetch c = connecting.first();
            Fetch r = reading.first();
            if (c == null && r == null) {
                return 0;
            }
            long next = c == null ? r.deadline - now
                    : r == null ? c.deadline - now
                    : Math.min(c.deadline - now, r.deadline - now);
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(next + 999_999));
        }

        private void runInbox() {
            for (Runnable r; (r = posted.poll()) != null; ) {
                r.run();
            }
            Fetch f;
            while ((f = inbox.poll()) != null) {
                if (f.future.isDone()) {
                    release(f, null); // cancelled by the caller
                    continue;
                }
                if (f.key != null) {
                    continue; // already registered (a duplicate hand-off)
                }
                SocketChannel ch = f.channel;
                try {
                    if (ch.isConnectionPending()) {
                        f.key = ch.register(selector, SelectionKey.OP_CONNECT, f);
                        f.deadline = f.reader.startNanos() + connectTimeoutNanos;
                        connecting.add(f);
                    } else {
                        f.key = ch.register(selector, 0, f);
                        connected(f);
                    }
                } catch (ClosedChannelException e) {
                    release(f, f.reader.failure(e));
                }
            }
        }

        private void connected(Fetch f) {
            SocketChannel ch = f.channel;
            SocketAddress local;
            try {
                local = ch.getLocalAddress();
            } catch (IOException e) {
                local = null;
            }
            f.reader.connected(local);
            if (tls != null) {
                // The handshake gets the connect timeout; the read timeout starts when it is done.
                f.deadline = System.nanoTime() + connectTimeoutNanos;
                reading.add(f);
                try {
                    if (f.channel.supportedOptions().contains(java.net.StandardSocketOptions.TCP_NODELAY)) {
                        f.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true); // no delayed-ACK waits
                    }
                    f.tls = new TlsSession(TlsEngines.client(tls, f.reader.server()), tlsBuffers);
                    f.tls.begin();
                } catch (IOException | RuntimeException e) {
                    release(f, f.reader.tlsFailure(e));
                    return;
                }
                advanceTls(f);
                return;
            }
            f.deadline = System.nanoTime() + readTimeoutNanos;
            reading.add(f);
            f.key.interestOps(SelectionKey.OP_READ);
        }

        /** Moves a TLS fetch on as far as the socket allows, without blocking. */
        private void advanceTls(Fetch f) {
            GreetingReader reader = f.reader;
            TlsSession t = f.tls;
            try {
                while (true) {
                    if (t.hasOutput()) {
                        f.channel.write(t.netOut());
                        if (t.hasOutput()) {
                            f.key.interestOps(SelectionKey.OP_WRITE);
                            return;
                        }
                    }
                    boolean handshaking = !reader.isTlsDone();
                    TlsSession.Step step;
                    try {
                        step = handshaking ? t.handshake() : t.receive();
                    } catch (SSLException e) {
                        if (handshaking) {
                            flushQuietly(f);
                            release(f, reader.tlsFailure(e));
                        } else {
                            release(f, TlsFetch.receiveFailure(reader, e));
                        }
                        return;
                    }
                    switch (step) {
                        case WRITE:
                            break;
                        case TASK:
                            f.key.interestOps(0);
                            if (!tlsTasks.run(t, () -> post(() -> {
                                if (!f.future.isDone() && f.key.isValid()) {
                                    advanceTls(f);
                                }
                            }))) {
                                release(f, reader.failure(Kind.CLOSED, "the client is closed", null));
                            }
                            return;
                        case DONE:
                            if (handshaking) {
                                reader.tlsDone(t.session().getProtocol(), TlsFetch.resumed(t.session(), reader));
                                reading.remove(f);
                                f.deadline = System.nanoTime() + readTimeoutNanos;
                                reading.add(f);
                            } else {
                                ByteBuffer app = t.appIn();
                                if (app.remaining() > reader.readLimit()) {
                                    app.limit(app.position() + reader.readLimit());
                                }
                                reader.append(app); // TOO_LARGE as soon as the maximum is passed
                            }
                            break;
                        case CLOSED: {
                            Greeting g = reader.finish();
                            release(f, null);
                            f.future.complete(g);
                            return;
                        }
                        default: {
                            int n = f.channel.read(t.netIn());
                            if (n < 0) {
                                try {
                                    t.endOfInput();
                                } catch (SSLException e) {
                                    release(f, handshaking ? reader.failure(Kind.TLS_HANDSHAKE,
                                            "the server closed the connection during the TLS handshake", e) : reader.truncated(e));
                                    return;
                                }
                            } else if (n == 0) {
                                f.key.interestOps(SelectionKey.OP_READ);
                                return;
                            }
                            break;
                        }
                    }
                }
            } catch (GreetingException e) {
                release(f, e);
            } catch (IOException e) {
                release(f, reader.failure(e));
            }
        }

        private void flushQuietly(Fetch f) {
            try {
                f.tls.alert();
                f.channel.write(f.tls.netOut()); // the alert, so the server learns why
            } catch (IOException | RuntimeException ignored) {
                // the handshake failure is what counts
            }
        }

        /** From a TLS task thread: run {@code r} on this loop. */
        void post(Runnable r) {
            posted.offer(r);
            if (selecting.get() && selecting.compareAndSet(true, false)) {
                selector.wakeup();
            }
        }

        private void onKey(SelectionKey key) {
            Fetch f = (Fetch) key.attachment();
            if (!key.isValid() || f == null) {
                return;
            }
            if (f.future.isDone()) {
                release(f, null);
                return;
            }
            if (key.isConnectable()) {
                try {
                    if (!f.channel.finishConnect()) {
                        return;
                    }
                } catch (IOException e) {
                    release(f, f.reader.failure(e));
                    return;
                }
                connecting.remove(f);
                connected(f);
            } else if (f.tls != null) {
                advanceTls(f);
            } else if (key.isReadable()) {
                onReadable(f);
            }
        }

        private void onReadable(Fetch f) {
            GreetingReader reader = f.reader;
            ByteBuffer buf = readBuf;
            for (int i = 0; i < READS_PER_EVENT; i++) {
                buf.clear();
                buf.limit(Math.min(buf.capacity(), reader.readLimit()));
                int n;
                try {
                    n = f.channel.read(buf);
                } catch (IOException e) {
                    release(f, reader.failure(e));
                    return;
                }
                if (n < 0) {
                    Greeting g;
                    try {
                        g = reader.finish();
                    } catch (GreetingException e) {
                        release(f, e);
                        return;
                    }
                    release(f, null);
                    f.future.complete(g);
                    return;
                }
                if (n == 0) {
                    return;
                }
                buf.flip();
                try {
                    reader.append(buf); // TOO_LARGE as soon as the maximum is passed
                } catch (GreetingException e) {
                    release(f, e);
                    return;
                }
            }
        }

        private void expire(long now) {
            Fetch f;
            while ((f = connecting.first()) != null && now - f.deadline >= 0) {
                release(f, f.reader.failure(Kind.CONNECT_TIMEOUT,
                        "no handshake within connectTimeout=" + config.connectTimeout(), null));
            }
            while ((f = reading.first()) != null && now - f.deadline >= 0) {
                if (f.tls != null && !f.reader.isTlsDone()) {
                    release(f, f.reader.failure(Kind.CONNECT_TIMEOUT,
                            "no TLS handshake within connectTimeout=" + config.connectTimeout(), null));
                    continue;
                }
                release(f, f.reader.failure(Kind.READ_TIMEOUT, "no close within readTimeout="
                        + config.readTimeout() + " (" + f.reader.size() + " bytes read)", null));
            }
        }
    }

    /** Forgets the fetch, closes its channel, and fails its future with {@code failure} unless null. */
    private static void release(Fetch f, GreetingException failure) {
        DeadlineList.Node n = f;
        if (n.owner != null) {
            @SuppressWarnings("unchecked")
            DeadlineList<Fetch> list = (DeadlineList<Fetch>) n.owner;
            list.remove(f);
        }
        SelectionKey k = f.key;
        if (k != null) {
            k.cancel();
        }
        Closeables.closeQuietly(f.channel);
        if (f.tls != null) {
            f.tls.release();
        }
        if (failure != null) {
            f.future.completeExceptionally(failure);
        }
    }
}
