package io.greetwire.internal;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What the shipped clients share: the config, and a {@link #fetch} that waits for
 * {@link #fetchAsync}. A transport whose synchronous fetch can be done more cheaply on the
 * caller's thread overrides {@code fetch}.
 */
public abstract class AbstractGreetingClient implements GreetingClient {
    /** This client's configuration. */
    protected final ClientConfig config;

    /** A client for {@code config}. */
    protected AbstractGreetingClient(ClientConfig config) {
        this.config = config;
    }

    @Override
    public final ClientConfig config() {
        return config;
    }

    /**
     * Waits for {@link #fetchAsync}. An interrupted caller cancels the fetch, which releases its
     * connection, and gets {@code IO} with the interruption as the cause and its flag set again.
     */
    @Override
    public Greeting fetch(SocketAddress server) throws GreetingException {
        CompletableFuture<Greeting> f = fetchAsync(server);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause; // a bug, not a network condition: as it was thrown
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw Failures.classify(cause, server, false, 0);
        } catch (InterruptedException e) {
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new GreetingException(GreetingException.Kind.IO, server, "interrupted while fetching", e);
        }
    }
}
