package io.greetwire;

import java.net.InetSocketAddress;
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
     * @param server the server's address
     * @return the greeting
     * @throws GreetingException with the reason and the server's address
     */
    Greeting fetch(InetSocketAddress server) throws GreetingException;

    /**
     * Fetches one greeting without blocking the caller. The future completes exceptionally with a
     * {@link GreetingException} on failure. Transports built on selectors do this without a thread
     * per call.
     *
     * @param server the server's address
     * @return the greeting's future
     */
    CompletableFuture<Greeting> fetchAsync(InetSocketAddress server);

    /** {@return the configuration this client was created with} */
    ClientConfig config();

    /** Ends the client's threads; fetches in flight fail with {@code CLOSED}. Idempotent. */
    @Override
    void close();
}
