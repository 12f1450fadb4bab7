package io.greetwire.internal.jmx;

import io.greetwire.GreetingServer;
import io.greetwire.ServerStats;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/** A server's MBean in the platform MBean server; closing it unregisters it. */
public final class ServerMBean implements GreetingServerMXBean, AutoCloseable {
    /** The domain and type of every server's name: {@value}. */
    public static final String PREFIX = "io.greetwire:type=GreetingServer,name=";

    private final GreetingServer server;
    private final MBeanServer mbeans;
    private final ObjectName name;

    private ServerMBean(GreetingServer server, MBeanServer mbeans, ObjectName name) {
        this.server = server;
        this.mbeans = mbeans;
        this.name = name;
    }

    /**
     * The object name for {@code name}: as it is when JMX allows it unquoted, quoted otherwise.
     *
     * @throws IllegalArgumentException if even quoted it is not a valid name
     */
    public static ObjectName objectName(String name) {
        String value = name.matches("[^,=:\"*?\\\\\\n]+") ? name : ObjectName.quote(name);
        try {
            return new ObjectName(PREFIX + value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("jmxName: not usable in a JMX name, got \"" + name + "\"", e);
        }
    }

    /**
     * Registers {@code server} under {@code name}.
     *
     * @throws IllegalStateException if that name is taken (the message names it)
     */
    public static ServerMBean register(String name, GreetingServer server) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ServerMBean bean = new ServerMBean(server, mbeans, objectName(name));
        try {
            mbeans.registerMBean(bean, bean.name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("an MBean named " + bean.name + " is already registered", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the MBean " + bean.name + ": " + e, e);
        }
        return bean;
    }

    /** Unregisters; never throws (already gone is fine). */
    @Override
    public void close() {
        try {
            mbeans.unregisterMBean(name);
        } catch (JMException e) {
            // unregistered by someone else meanwhile: nothing left to do
        }
    }

    private ServerStats stats() {
        return server.stats();
    }

    @Override
    public String getTransport() { return stats().transport(); }

    @Override
    public String getAddress() {
        try {
            return String.valueOf(server.localAddress());
        } catch (IllegalStateException e) {
            return "not started";
        }
    }

    @Override
    public String getFormat() { return server.config().format().name(); }

    @Override
    public long getAccepted() { return stats().accepted(); }

    @Override
    public long getGreeted() { return stats().greeted(); }

    @Override
    public long getFailed() { return stats().failed(); }

    @Override
    public Map<String, Long> getFailures() {
        Map<String, Long> m = new LinkedHashMap<>();
        stats().failures().forEach((reason, n) -> m.put(reason.name(), n));
        return m;
    }

    @Override
    public long getBytesWritten() { return stats().bytesWritten(); }

    @Override
    public long getOpen() { return stats().open(); }

    @Override
    public long getAcceptErrors() { return stats().acceptErrors(); }
}
