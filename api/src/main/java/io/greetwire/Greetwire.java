package io.greetwire;

import io.greetwire.spi.GreetingTransport;
import io.greetwire.spi.Transports;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a program starts: servers and clients on the best transport on the class path, or on one
 * chosen by name.
 *
 * <pre>{@code
 * try (GreetingServer server = Greetwire.newServer(ServerConfig.builder().port(0).build());
 *      GreetingClient client = Greetwire.newClient(ClientConfig.defaults())) {
 *     System.out.print(client.fetch(server.start()).text());
 * }
 * }</pre>
 *
 * <p>"Best" is the available transport with the highest priority: {@code netty}, then {@code nio},
 * then {@code blocking}, whichever of their artifacts are present.
 */
public final class Greetwire {
    private Greetwire() { }

    /**
     * A new, unstarted server on the best transport.
     *
     * @param config the server's configuration
     * @return the server; {@link GreetingServer#start()} binds it
     * @throws IllegalStateException if no transport is on the class path (the message names the artifacts)
     * @throws IllegalArgumentException if a transport option in {@code config} is unknown or invalid
     */
    public static GreetingServer newServer(ServerConfig config) {
        return Transports.best().newServer(config);
    }

    /**
     * A new, unstarted server on the transport named {@code transport}.
     *
     * @param transport a transport's name: {@code blocking}, {@code nio}, {@code netty}
     * @param config the server's configuration
     * @return the server; {@link GreetingServer#start()} binds it
     * @throws IllegalArgumentException if there is no such transport (the message names the artifact
     *     to add), it cannot run here (the message says why), or an option in {@code config} is invalid
     */
    public static GreetingServer newServer(String transport, ServerConfig config) {
        return Transports.get(transport).newServer(config);
    }

    /**
     * A new client on the best transport.
     *
     * @param config the client's configuration
     * @return the client
     * @throws IllegalStateException if no transport is on the class path (the message names the artifacts)
     * @throws IllegalArgumentException if a transport option in {@code config} is unknown or invalid
     */
    public static GreetingClient newClient(ClientConfig config) {
        return Transports.best().newClient(config);
    }

    /**
     * A new client on the transport named {@code transport}.
     *
     * @param transport a transport's name: {@code blocking}, {@code nio}, {@code netty}
     * @param config the client's configuration
     * @return the client
     * @throws IllegalArgumentException if there is no such transport (the message names the artifact
     *     to add), it cannot run here (the message says why), or an option in {@code config} is invalid
     */
    public static GreetingClient newClient(String transport, ClientConfig config) {
        return Transports.get(transport).newClient(config);
    }

    /** {@return the names of the transports that can run here, best first: e.g. {@code [netty, nio, blocking]}} */
    public static List<String> transports() {
        return Transports.available().stream().map(GreetingTransport::name).collect(Collectors.toList());
    }
}
