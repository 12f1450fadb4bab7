package io.greetwire.spi;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;

/**
 * A way of moving greetings: implemented by each transport module and found with
 * {@link java.util.ServiceLoader} (declare it in {@code META-INF/services} and with
 * {@code provides} in {@code module-info}).
 *
 * <p>Implementations must have a public no-argument constructor that does no work: discovery
 * instantiates every transport on the class path. {@link #isAvailable()}, {@link #priority()} and
 * {@link #unavailableReason()} never throw. The factories allocate no threads or sockets: that
 * happens in {@link GreetingServer#start()} and, for clients, lazily or in the factory only where
 * documented by the transport.
 */
public interface GreetingTransport {

    /** {@return the name users select it by: {@code blocking}, {@code nio}, {@code netty}} */
    String name();

    /**
     * {@return whether it can run here (native libraries load, the JDK is recent enough)} Never
     * throws. By default {@code true}: a transport on the JDK alone always can.
     */
    default boolean isAvailable() {
        return true;
    }

    /** {@return why it is not available, or an empty string when it is (the default)} Never throws. */
    default String unavailableReason() {
        return "";
    }

    /** {@return higher wins when no name is given; 0 to 10 by convention} Never throws. */
    int priority();

    /**
     * A new, unstarted server.
     *
     * @param config the server's configuration
     * @return the server
     * @throws IllegalArgumentException if a transport option in the config is unknown or invalid
     * @throws IllegalStateException if the transport is not available
     */
    GreetingServer newServer(ServerConfig config);

    /**
     * A new client.
     *
     * @param config the client's configuration
     * @return the client
     * @throws IllegalArgumentException if a transport option in the config is unknown or invalid
     * @throws IllegalStateException if the transport is not available
     */
    GreetingClient newClient(ClientConfig config);
}
