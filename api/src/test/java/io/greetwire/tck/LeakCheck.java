package io.greetwire.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test (and every test class): no thread named {@code greetwire-} left, no socket,
 * pipe or epoll/io_uring/eventfd descriptor left ({@code /proc/self/fd}), and no {@link LeakProbe}
 * above its count before the test. Baselines are taken right before each test, so a leak is
 * charged to the test that made it; asynchronous closes get {@value #SETTLE_SECONDS} s, polled.
 * Registered by the suites and, through JUnit's extension auto-detection, for every test of the
 * transport modules.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    /** How long a close may take to free its threads and descriptors: {@value} s. */
    public static final long SETTLE_SECONDS = 10;
    static final String THREAD_PREFIX = "greetwire-";
    private static final List<LeakProbe> PROBES = loadProbes();

    static {
        PollerWarmUp.run();
    }

    private static List<LeakProbe> loadProbes() {
        List<LeakProbe> probes = new ArrayList<>();
        ServiceLoader.load(LeakProbe.class).forEach(probes::add);
        return List.copyOf(probes);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(ExtensionContext.Namespace.create(LeakCheck.class, "class")).put("baseline", Snapshot.now());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getStore(ExtensionContext.Namespace.create(LeakCheck.class, "class"))
                .get("baseline", Snapshot.class), "test class " + context.getDisplayName());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(ExtensionContext.Namespace.create(LeakCheck.class, "test")).put("baseline", Snapshot.now());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        check(context.getStore(ExtensionContext.Namespace.create(LeakCheck.class, "test"))
                .get("baseline", Snapshot.class), context.getDisplayName());
    }

    private static void check(Snapshot before, String what) {
        if (before == null) {
            return;
        }
        PROBES.forEach(LeakProbe::flush);
        long deadline = System.nanoTime() + Duration.ofSeconds(SETTLE_SECONDS).toNanos();
        Snapshot after = Snapshot.now();
        while (!after.within(before) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(5_000_000L);
            after = Snapshot.now();
        }
        if (!after.within(before)) {
            throw new AssertionError("leak after " + what + " (waited " + SETTLE_SECONDS + " s): before "
                    + before + "; after " + after + after.detail(before));
        }
    }

    /** Greetwire threads, descriptors that are not plain files, and the probes' counts. */
    static final class Snapshot {
        final List<String> threads;
        final TreeMap<Integer, String> fds;
        final long[] probes;

        private Snapshot(List<String> threads, TreeMap<Integer, String> fds, long[] probes) {
            this.threads = threads;
            this.fds = fds;
            this.probes = probes;
        }

        static Snapshot now() {
            long[] p = new long[PROBES.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = PROBES.get(i).count();
            }
            return new Snapshot(greetwireThreads(), descriptors(), p);
        }

        boolean within(Snapshot before) {
            if (threads.size() > before.threads.size() || fds.size() > before.fds.size()) {
                return false;
            }
            for (int i = 0; i < probes.length; i++) {
                if (probes[i] > before.probes[i]) {
                    return false;
                }
            }
            return true;
        }

        String detail(Snapshot before) {
            StringBuilder b = new StringBuilder();
            List<String> newThreads = new ArrayList<>(threads);
            newThreads.removeAll(before.threads);
            if (!newThreads.isEmpty()) {
                b.append("\n  threads left: ").append(newThreads);
            }
            List<String> newFds = fds.entrySet().stream().filter(e -> !e.getValue().equals(before.fds.get(e.getKey())))
                    .map(e -> e.getKey() + "->" + describe(e.getValue())).collect(Collectors.toList());
            if (fds.size() > before.fds.size()) {
                b.append("\n  descriptors new or changed: ").append(newFds);
            }
            for (int i = 0; i < probes.length; i++) {
                if (probes[i] > before.probes[i]) {
                    b.append("\n  ").append(PROBES.get(i).what()).append(": ").append(before.probes[i])
                            .append(" -> ").append(probes[i]);
                }
            }
            return b.toString();
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            b.append(threads.size()).append(" greetwire threads, ").append(fds.size()).append(" descriptors");
            for (int i = 0; i < probes.length; i++) {
                b.append(", ").append(PROBES.get(i).what()).append(' ').append(probes[i]);
            }
            return b.toString();
        }
    }

    /** Live threads whose names start with {@code greetwire-}. */
    static List<String> greetwireThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX))
                .map(Thread::getName).sorted().collect(Collectors.toList());
    }

    /**
     * Unix-domain sockets, as {@code socket:[inode]}. The transports speak TCP only; unix sockets
     * are the JVM's and the C library's, opened once and kept (the attach listener Mockito's
     * inline mock maker starts, a name-service connection), so they are left out of the count.
     */
    static java.util.Set<String> unixSockets() {
        java.util.Set<String> unix = new java.util.HashSet<>();
        for (String[] f : table("unix")) {
            if (f.length > 6) {
                unix.add("socket:[" + f[6] + "]");
            }
        }
        return unix;
    }

    /** The rows of {@code /proc/net/NAME}, split on blanks, header left out. */
    static List<String[]> table(String name) {
        List<String[]> rows = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/" + name));
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                rows.add(l.trim().split("\\s+"));
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return rows;
    }

    /** What a {@code socket:[inode]} is, from /proc/net: protocol, addresses, state or path. */
    static String describe(String target) {
        if (!target.startsWith("socket:[")) {
            return target;
        }
        String inode = target.substring(8, target.length() - 1);
        for (String proto : new String[] {"tcp", "tcp6", "udp", "udp6"}) {
            for (String[] f : table(proto)) {
                if (f.length > 9 && f[9].equals(inode)) {
                    return target + " " + proto + " local " + f[1] + " remote " + f[2] + " state " + f[3];
                }
            }
        }
        for (String[] f : table("unix")) {
            if (f.length > 6 && f[6].equals(inode)) {
                return target + " unix" + (f.length > 7 ? " " + f[7] : "");
            }
        }
        return target;
    }

    /**
     * Descriptors that a transport opens: TCP sockets, pipes and anonymous inodes (epoll, io_uring,
     * eventfd). Plain files are left out (class loading opens jars for good), and so are unix sockets. Empty where
     * {@code /proc/self/fd} does not exist.
     */
    static TreeMap<Integer, String> descriptors() {
        TreeMap<Integer, String> fds = new TreeMap<>();
        java.util.Set<String> unix = unixSockets();
        Path dir = Path.of("/proc/self/fd");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("socket:") && unix.contains(target)) {
                        continue;
                    }
                    if (target.startsWith("socket:") || target.startsWith("pipe:") || target.startsWith("anon_inode:")) {
                        fds.put(Integer.parseInt(p.getFileName().toString()), target);
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed while listed (e.g. the listing's own descriptor)
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux
        }
        return fds;
    }
}
