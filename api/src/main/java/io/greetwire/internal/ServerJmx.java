package io.greetwire.internal;

import io.greetwire.GreetingServer;
import java.util.Optional;

/**
 * Registers a server's MBean when its config names one ({@code ServerConfig.jmxName()}). Names no
 * {@code javax.management} type itself: the api module requires {@code java.management} only
 * statically, so nothing of it loads unless a server asks for JMX.
 */
public final class ServerJmx {
    /** What {@link #register} returns when the config names no MBean: closing it does nothing. */
    public static final AutoCloseable NONE = () -> { };

    private ServerJmx() { }

    /**
     * Registers {@code server}'s MBean if its config has a {@code jmxName}; returns what unregisters
     * it (never null; {@link #NONE} when there is nothing to register).
     *
     * @throws IllegalStateException if the {@code java.management} module is not there, or an MBean
     *     of that name is already registered; the message names the module or the MBean
     */
    public static AutoCloseable register(GreetingServer server) {
        String name = server.config().jmxName();
        if (name == null) {
            return NONE;
        }
        Module self = ServerJmx.class.getModule();
        Optional<Module> management = ModuleLayer.boot().findModule("java.management");
        if (management.isEmpty() || !self.canRead(management.get())) {
            throw new IllegalStateException("jmxName \"" + name + "\" needs the java.management module:"
                    + " run with --add-modules java.management");
        }
        return io.greetwire.internal.jmx.ServerMBean.register(name, server);
    }

    /** Unregisters what {@link #register} registered; never throws. */
    public static void unregister(AutoCloseable registration) {
        try {
            registration.close();
        } catch (Exception e) {
            // ServerMBean.close() does not throw: this only satisfies AutoCloseable's signature
        }
    }
}
