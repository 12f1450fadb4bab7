package io.greetwire.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the transports on the class path (or module path) with {@link ServiceLoader}.
 *
 * <pre>{@code
 * GreetingTransport t = Transports.get("nio");      // by name
 * GreetingTransport best = Transports.best();       // the available one with the highest priority
 * }</pre>
 */
public final class Transports {
    /** The artifact that brings each transport this project ships. */
    private static final Map<String, String> ARTIFACTS = Map.of(
            "blocking", "io.greetwire:greetwire-blocking",
            "nio", "io.greetwire:greetwire-nio",
            "netty", "io.greetwire:greetwire-netty");

    private Transports() { }

    /** {@return every transport found, available or not, highest priority first} */
    public static List<GreetingTransport> all() {
        return load(Transports.class.getClassLoader());
    }

    /** {@return the transports that can run here, highest priority first} */
    public static List<GreetingTransport> available() {
        return all().stream().filter(GreetingTransport::isAvailable).collect(Collectors.toList());
    }

    /**
     * The transport named {@code name}.
     *
     * @param name the transport's name, in any case
     * @return the transport
     * @throws IllegalArgumentException if none is found (the message lists those that are and names
     *     the artifact to add) or it cannot run here (the message says why)
     */
    public static GreetingTransport get(String name) {
        List<GreetingTransport> all = all();
        for (GreetingTransport t : all) {
            if (t.name().equalsIgnoreCase(name.trim())) {
                if (!t.isAvailable()) {
                    throw new IllegalArgumentException("transport '" + t.name() + "' is not available here: "
                            + t.unavailableReason());
                }
                return t;
            }
        }
        String found = all.stream().filter(GreetingTransport::isAvailable).map(GreetingTransport::name)
                .collect(Collectors.joining(", "));
        found = found.isEmpty() ? "none" : found;
        String artifact = ARTIFACTS.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        throw new IllegalArgumentException("no transport named '" + name + "'; available: " + found
                + (artifact != null ? "; add " + artifact + " to the class path"
                        : "; known transports: " + String.join(", ", new java.util.TreeSet<>(ARTIFACTS.keySet()))));
    }

    /**
     * The available transport with the highest priority.
     *
     * @return the transport
     * @throws IllegalStateException if there is none; the message names the artifacts to add
     */
    public static GreetingTransport best() {
        List<GreetingTransport> available = available();
        if (available.isEmpty()) {
            throw new IllegalStateException("no Greetwire transport on the class path; add one of "
                    + String.join(", ", new java.util.TreeSet<>(ARTIFACTS.values())));
        }
        return available.get(0);
    }

    static List<GreetingTransport> load(ClassLoader loader) {
        List<GreetingTransport> found = new ArrayList<>();
        ServiceLoader<GreetingTransport> sl = ServiceLoader.load(GreetingTransport.class, loader);
        var it = sl.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                // A broken provider must not hide the others.
                org.slf4j.LoggerFactory.getLogger(Transports.class).warn("skipping a transport that failed to load: {}", e.toString());
            }
        }
        found.sort(Comparator.comparingInt(GreetingTransport::priority).reversed()
                .thenComparing(GreetingTransport::name));
        return found;
    }
}
