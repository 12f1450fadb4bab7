package io.greetwire.tck;

import java.util.Objects;

/**
 * One server and one client the suites run together. {@code serverHome} marks the one pair in a
 * list where the server's own tests ({@link OncePerServer}) run, {@code clientHome} the one where
 * the client's own tests ({@link OncePerClient}) run.
 */
public final class TransportPair {
    private final TransportUnderTest server;
    private final TransportUnderTest client;
    private final boolean serverHome;
    private final boolean clientHome;

    TransportPair(TransportUnderTest server, TransportUnderTest client, boolean serverHome, boolean clientHome) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.serverHome = serverHome;
        this.clientHome = clientHome;
    }

    /** The server side. */
    public TransportUnderTest server() {
        return server;
    }

    /** The client side. */
    public TransportUnderTest client() {
        return client;
    }

    /** Whether the server-only tests run on this pair. */
    public boolean serverHome() {
        return serverHome;
    }

    /** Whether the client-only tests run on this pair. */
    public boolean clientHome() {
        return clientHome;
    }

    @Override
    public String toString() {
        return server.name() + " server, " + client.name() + " client";
    }
}
