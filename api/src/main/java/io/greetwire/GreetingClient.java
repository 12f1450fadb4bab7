package io.greetwire;

import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches greetings: connects, reads to end of stream, decodes with the configured format.
 *
 * <p>A client is thread-safe and meant to be shared: create one per configuration and close it
 * when done, which ends its threads and fails fetches still in flight with
 * {@link GreetingException.Kind#CLOSED}.
 */
public interface GreetingClient extends AutoCloseable {

    /**
     * Fetches one greeting, blocking the calling thread.
     *
     * @param server an {@link java.net.InetSocketAddress} (IP address or host name, and port) or a
     *     {@link java.net.UnixDomainSocketAddress} (the path of a Unix domain socket)
     * @return the greeting
     * @throws GreetingException with the reason and the server's address
     */
    Greeting fetch(SocketAddress server) throws GreetingException;

    /**
     * Fetches one greeting without blocking the caller. The future completes exceptionally with a
     * {@link GreetingException} on failure. Transports built on selectors do this without a thread
     * per call.
     *
     * @param server an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
     * @return the greeting's future
     */
    CompletableFuture<Greeting> fetchAsync(SocketAddress server);

    /** {@return the configuration this client was created with} */
    ClientConfig config();

    /** Ends the client's threads; fetches in flight fail with {@code CLOSED}. Idempotent. */
    @Override
    void close();
}
