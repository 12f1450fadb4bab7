package io.greetwire.internal;

import io.greetwire.FailureReason;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The one server lifecycle of the shipped transports: the start and close guards, the bound
 * address, stats, the start and stop log lines and JFR events, the JMX MBean, the clean-up after a
 * start that failed half-way, and the thread that keeps the JVM alive while the server runs.
 *
 * <p>A transport implements only {@link #bind} (bind, then start accepting) and {@link #stop}
 * (stop accepting, drain, reset the rest, release). Both are called with the lifecycle lock held
 * for {@code bind} and without it for {@code stop}, at most once each.
 *
 * <p>On a Unix domain socket the lifecycle also owns the socket file ({@link UnixSocketFile}):
 * before {@code bind} it refuses a file that is not a socket or a socket in use and removes a
 * stale one, after it sets the configured permissions, and after {@code stop} it removes the file.
 * A transport's {@code bind} only opens a listening socket of the Unix family on the address.
 *
 * <p>Why a keeper thread rather than non-daemon I/O threads: the transports' threads come from
 * different places (Netty's factories, executors, virtual threads, which are always daemon), and a
 * single documented thread that ends exactly when {@link #close()} has finished gives every
 * transport the same behaviour.
 */
public abstract class AbstractGreetingServer implements GreetingServer {
    /** Passed to {@link #stop} after a failed start: there is nothing to drain. */
    protected static final long NO_DRAIN = 0;

    /** This server's configuration. */
    protected final ServerConfig config;
    /** Counters and connection events; every accepted connection ends in greeted or failed. */
    protected final ServerMetrics metrics;
    /** The encoded greetings, shared by all connections. */
    protected final GreetingCache cache;

    private final String transportName;
    private final Logger log;
    private final Object lock = new Object();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private boolean started;
    private boolean running;
    private volatile boolean closed;
    private volatile SocketAddress bound;
    private volatile Thread keeper;
    private volatile UnixSocketFile socketFile;
    private AutoCloseable jmx = ServerJmx.NONE;

    /**
     * @param transportName what {@link ServerStats#transport()} reports, e.g. {@code netty/epoll}
     * @param log the transport's logger, for the start and stop lines and the per-connection DEBUG line
     */
    protected AbstractGreetingServer(ServerConfig config, String transportName, Logger log) {
        this.config = config;
        this.transportName = transportName;
        this.log = log;
        this.metrics = new ServerMetrics(config.listener(), log);
        this.metrics.describe(transportName, config.format());
        this.cache = new GreetingCache(config);
    }

    /**
     * Binds {@code address} (an {@link java.net.InetSocketAddress}, or a
     * {@link UnixDomainSocketAddress} whose path is free) and starts accepting. On failure it may leave resources acquired:
     * {@link #stop} is called next with {@link #NO_DRAIN} and must release them.
     *
     * @return the bound address
     * @throws IOException naming the address when it cannot be bound
     */
    protected abstract SocketAddress bind(SocketAddress address) throws IOException;

    /**
     * Stops accepting, lets greetings in flight finish for up to {@code drainNanos}, resets the
     * rest, and releases every socket and thread. Called once, after a successful or a failed
     * {@link #bind}; must cope with anything a failed bind left half-made. Never throws.
     */
    protected abstract void stop(long drainNanos);

    /** Extra words for the start log line (loops, threads); empty by default. */
    protected String startDetails() {
        return "";
    }

    @Override
    public final SocketAddress start() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("server is closed");
            }
            if (started) {
                throw new IllegalStateException("server already started on " + bound);
            }
            started = true;
            SocketAddress address = config.socketAddress();
            // Before binding: a JMX name in use fails the start like an address in use, with
            // nothing bound and no thread started. (The MBean reads the address when asked.)
            AutoCloseable registration = ServerJmx.register(this);
            SocketAddress at;
            try {
                if (address instanceof UnixDomainSocketAddress) {
                    socketFile = UnixSocketFile.prepare((UnixDomainSocketAddress) address);
                }
                at = bind(address);
                if (socketFile != null) {
                    socketFile.bound(config.socketPermissions());
                }
            } catch (IOException | RuntimeException | Error e) {
                ServerJmx.unregister(registration);
                stopQuietly(NO_DRAIN, e);
                deleteSocketFile();
                throw e;
            }
            jmx = registration;
            metrics.started(at);
            bound = at;
            running = true;
            startKeeper(at);
            log.info("listening on {} transport={} format={}{}", Addresses.describe(at), transportName, config.format(), startDetails());
            return at;
        }
    }

    @Override
    public final SocketAddress localAddress() {
        SocketAddress at = bound;
        if (at == null) {
            throw new IllegalStateException("server not started");
        }
        return at;
    }

    @Override
    public final ServerStats stats() {
        return metrics.snapshot(transportName);
    }

    @Override
    public final ServerConfig config() {
        return config;
    }

    /**
     * Counts a connection just accepted and tells whether it is over
     * {@link ServerConfig#maxConnections()}; if so it is counted {@code OVER_LIMIT} here and the
     * caller only closes it.
     *
     * @param remote the peer, or {@code null} when nobody asked for addresses
     * @param start {@link ServerMetrics#startNanos()} taken at accept
     */
    protected final boolean admitOverLimit(SocketAddress remote, long start) {
        if (metrics.accepted(remote) <= config.maxConnections()) {
            return false;
        }
        metrics.failed(remote, FailureReason.OVER_LIMIT, 0, start);
        return true;
    }

    /**
     * The greeting for an admitted connection, or {@code null} when the source failed: then it is
     * logged at DEBUG and counted {@code SOURCE_ERROR} here, and the caller only resets the connection.
     *
     * @param local the server's end, or {@code null} unless {@link GreetingCache#needsAddresses()}
     */
    protected final EncodedGreeting greetingOrNull(SocketAddress remote, SocketAddress local, long start) {
        try {
            return cache.greetingFor(remote, local);
        } catch (RuntimeException e) {
            log.debug("greeting source failed for {}", remote, e);
            metrics.failed(remote, FailureReason.SOURCE_ERROR, 0, start);
            return null;
        }
    }

    /** Whether {@link #close()} has begun; transports' accept loops stop on it. */
    protected final boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
        boolean wasRunning;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            wasRunning = running;
        }
        // Outside the lock: draining takes up to the drain timeout, and stats() must not wait.
        try {
            if (wasRunning) {
                stopQuietly(config.drainTimeout().toNanos(), null);
                deleteSocketFile();
                ServerJmx.unregister(jmx);
                metrics.stopped();
                log.info("stopped {} transport={}: {}", Addresses.describe(bound), transportName, stats());
            }
        } finally {
            terminated.countDown();
            joinKeeper();
        }
    }

    private void deleteSocketFile() {
        UnixSocketFile f = socketFile;
        if (f != null) {
            f.delete();
        }
    }

    /** So that close() leaves no thread of this server behind it, the keeper included. */
    private void joinKeeper() {
        Thread t = keeper;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public final boolean awaitTermination(Duration timeout) throws InterruptedException {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE; // longer than any JVM runs
        }
        return terminated.await(nanos, TimeUnit.NANOSECONDS);
    }

    private void stopQuietly(long drainNanos, Throwable startFailure) {
        try {
            stop(drainNanos);
        } catch (RuntimeException | Error e) {
            if (startFailure != null) {
                startFailure.addSuppressed(e);
            } else {
                log.warn("while stopping {} transport={}: {}", bound, transportName, e.toString());
            }
        }
    }

    /**
     * The one non-daemon thread of a server: it waits for {@link #close()} to finish, so that a
     * {@code main} that starts a server and returns leaves the JVM serving.
     */
    private void startKeeper(SocketAddress at) {
        Thread t = new Thread(this::awaitClosed, "greetwire-keepalive-" + transportName.replace('/', '-')
                + "-" + Addresses.tag(at));
        t.setDaemon(false);
        t.start();
        keeper = t;
    }

    private void awaitClosed() {
        boolean interrupted = false;
        while (true) {
            try {
                terminated.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // only close() ends this thread
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
