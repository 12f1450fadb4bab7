package io.greetwire.tck;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.GreetingTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One server and client factory the suites run: a transport, or one variant of it (a transport
 * with options forced, e.g. {@code netty.flavour=epoll}). A transport module lists its variants
 * and hands them to {@link Permutations}; the suites pair every server with every client.
 */
public final class TransportUnderTest {
    private final String name;
    private final GreetingTransport transport;
    private final Map<String, String> options;
    private final int stalledWriteLimit;
    private final String emfileLimitation;

    private TransportUnderTest(String name, GreetingTransport transport, Map<String, String> options,
                               int stalledWriteLimit, String emfileLimitation) {
        this.name = Objects.requireNonNull(name, "name");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Map.copyOf(options);
        this.stalledWriteLimit = stalledWriteLimit;
        this.emfileLimitation = Objects.requireNonNull(emfileLimitation, "emfileLimitation");
    }

    /** The transport as it comes, named by {@link GreetingTransport#name()}. */
    public static TransportUnderTest of(GreetingTransport transport) {
        return new TransportUnderTest(transport.name(), transport, Map.of(), 0, "");
    }

    /**
     * The same, declaring a documented limit: at most {@code n} greetings can be stalled in a
     * write at once (a thread each); the next one waits for a writer, i.e. for a stalled one to
     * finish or reach its write timeout. The never-reader test then checks exactly that.
     */
    public TransportUnderTest withStalledWriteLimit(int n) {
        return new TransportUnderTest(name, transport, options, n, emfileLimitation);
    }

    /**
     * The same, declaring that its server is known not to recover from descriptor exhaustion as
     * the fault suite requires, and why (a documented limitation, e.g. of a native engine that is
     * only used when forced): the EMFILE test is skipped with {@code why} as its reason.
     */
    public TransportUnderTest withEmfileLimitation(String why) {
        return new TransportUnderTest(name, transport, options, stalledWriteLimit, why);
    }

    /** The reason given to {@link #withEmfileLimitation}, or an empty string. */
    public String emfileLimitation() {
        return emfileLimitation;
    }

    /** The declared limit of {@link #withStalledWriteLimit}, or 0 for none. */
    public int stalledWriteLimit() {
        return stalledWriteLimit;
    }

    /**
     * A variant with one more option on every server and client config, named
     * {@code name/label}, e.g. {@code of(netty).with("epoll", "netty.flavour", "epoll")}.
     */
    public TransportUnderTest with(String label, String key, String value) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put(key, value);
        return new TransportUnderTest(name + "/" + label, transport, o, stalledWriteLimit, emfileLimitation);
    }

    /** The name in test reports: {@code nio}, {@code netty/epoll}. */
    public String name() {
        return name;
    }

    /** The transport's registered name, for {@code Transports.get} in a child JVM. */
    public String transportName() {
        return transport.name();
    }

    /** The forced options as {@code key=value}, for a child JVM. */
    public List<String> optionArgs() {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.add(k + "=" + v));
        return args;
    }

    /** A new, unstarted server with this variant's options. */
    public GreetingServer newServer(ServerConfig config) {
        ServerConfig.Builder b = config.toBuilder();
        options.forEach(b::option);
        return transport.newServer(b.build());
    }

    /** A new client with this variant's options. */
    public GreetingClient newClient(ClientConfig config) {
        ClientConfig.Builder b = config.toBuilder();
        options.forEach(b::option);
        return transport.newClient(b.build());
    }

    /**
     * Why this variant cannot run here (the transport refused its options, e.g. io_uring blocked by
     * the kernel), or an empty string.
     */
    public String unavailableReason() {
        if (!transport.isAvailable()) {
            return transport.unavailableReason();
        }
        try {
            newServer(ServerConfig.builder().port(0).build()).close();
            newClient(ClientConfig.defaults()).close();
            return "";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
