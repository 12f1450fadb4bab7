package io.greetwire;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A server that greets every connection once and closes it.
 *
 * <p>A server is created unstarted by {@link io.greetwire.spi.GreetingTransport#newServer}; creating
 * one binds nothing and starts no thread. {@link #start()} binds and begins accepting.
 * {@link #close()} stops gracefully and may be called at any time, also after a {@code start()} that
 * failed half-way, to release whatever that start had acquired.
 *
 * <p>A started server keeps the JVM alive until it is closed (the shipped transports hold one
 * non-daemon thread for that, named {@code greetwire-keepalive-...}): a {@code main} that starts a
 * server and returns leaves it serving. The library installs no shutdown hook; a program that wants
 * Ctrl-C to stop the server gracefully adds one that calls {@link #close()}, and a thread that
 * wants to wait for the end calls {@link #awaitTermination(Duration)}.
 */
public interface GreetingServer extends AutoCloseable {

    /**
     * Binds the configured address and starts accepting.
     *
     * @return the bound address: an {@link java.net.InetSocketAddress} (with port 0 it carries the
     *     ephemeral port the system chose), or the {@link java.net.UnixDomainSocketAddress} of the
     *     configured {@linkplain ServerConfig#unixPath() path}
     * @throws IOException if the address cannot be bound (the message names the address), or the
     *     server cannot start its threads
     * @throws IllegalStateException if the server was already started or closed
     */
    SocketAddress start() throws IOException;

    /**
     * The bound address.
     *
     * @return the address (with the port the system chose for port 0), or the Unix socket's path
     * @throws IllegalStateException before {@link #start()}
     */
    SocketAddress localAddress();

    /**
     * The bound TCP port: shorthand for the port of {@link #localAddress()}.
     *
     * @return the port, the one the system chose for port 0
     * @throws IllegalStateException before {@link #start()}, or if the server listens on a Unix socket
     */
    default int localPort() {
        SocketAddress a = localAddress();
        if (a instanceof java.net.InetSocketAddress) {
            return ((java.net.InetSocketAddress) a).getPort();
        }
        throw new IllegalStateException("server listens on " + a + ", which has no port");
    }

    /** {@return a consistent-enough snapshot of the counters; cheap, callable from any thread} */
    ServerStats stats();

    /** {@return the configuration this server was created with} */
    ServerConfig config();

    /**
     * Stops gracefully: stops accepting at once, lets greetings in flight finish for up to the
     * configured {@linkplain ServerConfig#drainTimeout() drain timeout}, then closes the rest with a
     * reset (so that no client reads a cut greeting as complete). Returns when every thread the
     * server started has ended. Idempotent; never throws.
     */
    @Override
    void close();

    /**
     * Blocks until {@link #close()} has finished (called from another thread, a shutdown hook or a
     * listener), or the timeout passes.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if the server is closed, {@code false} if the timeout passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Blocks until {@link #close()} has finished.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    default void awaitTermination() throws InterruptedException {
        while (!awaitTermination(Duration.ofDays(365))) {
            // a year at a time: Duration.toNanos() cannot hold "forever"
        }
    }
}
