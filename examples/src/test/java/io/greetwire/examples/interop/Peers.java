package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the peers the interop tests talk to and the seed's sources, and what they share.
 *
 * <p>Every peer is looked up by name on the PATH (and in /usr/sbin, /usr/bin, /sbin), unless the
 * system property {@code greetwire.peer.NAME} names another path: {@code -Dgreetwire.peer.nc=/nowhere}
 * simulates a machine without netcat, so its tests skip with the reason.
 */
final class Peers {
    /** Generous: the machine may be busy with other builds. */
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

    /** The seed's greeting without its timestamp. */
    static final String SEED_PREFIX = "welcome to our server.timestamp on server:";
    /** A ctime() stamp: {@code Wed Nov  5 09:03:07 2026}. */
    static final Pattern CTIME = Pattern.compile("([A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4})");
    private static final DateTimeFormatter CTIME_FORMAT =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ENGLISH);

    private Peers() { }

    /**
     * System property: when {@code true}, a missing peer fails the test instead of skipping it, so
     * that a CI which installed the peers notices when one stops working ({@code -Dgreetwire.interop.required=true},
     * or the environment variable {@code GREETWIRE_INTEROP_REQUIRED=true}, which {@code .ci/run} sets).
     */
    static final String REQUIRED_PROPERTY = "greetwire.interop.required";

    /** Skips the test with {@code reason} unless {@code condition} holds; fails instead when peers are {@linkplain #REQUIRED_PROPERTY required}. */
    static void assumePeer(boolean condition, java.util.function.Supplier<String> reason) {
        if (condition) {
            return;
        }
        if (Boolean.getBoolean(REQUIRED_PROPERTY) || "true".equals(System.getenv("GREETWIRE_INTEROP_REQUIRED"))) {
            org.junit.jupiter.api.Assertions.fail(reason.get() + " (and -D" + REQUIRED_PROPERTY + "=true)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(false, reason);
    }

    /** The transports on the class path that can run here, by name: the parameters of every interop test. */
    static Stream<String> transports() {
        return Transports.available().stream().map(GreetingTransport::name);
    }

    /** The executable for {@code name}, or empty if there is none. */
    static Optional<Path> find(String name) {
        String configured = System.getProperty("greetwire.peer." + name);
        if (configured != null) {
            Path p = Path.of(configured);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        return io.greetwire.examples.trace.Executables.find(name);
    }

    /** Why {@code name} is missing, for an assumption's message. */
    static String missing(String name, String debianPackage) {
        String configured = System.getProperty("greetwire.peer." + name);
        return configured != null
                ? name + " not found at " + configured + " (set by -Dgreetwire.peer." + name + ")"
                : name + " not found on the PATH; install it: apt-get install " + debianPackage;
    }

    /**
     * The seed's directory: {@code -Dgreetwire.seed.dir}, else {@code $GREETWIRE_SEED_DIR}, else the
     * first {@code shared/seed} beside the working directory or one of its parents (the repository
     * lives next to {@code shared/}, so the seed is {@code ../shared/seed} from its root).
     */
    static Optional<Path> seedDir() {
        return seedDirConfigured().isPresent()
                ? Optional.of(Path.of(seedDirConfigured().get())).filter(p -> Files.isRegularFile(p.resolve("seed-server.c")))
                : seedDirAbove();
    }

    /** What -Dgreetwire.seed.dir or $GREETWIRE_SEED_DIR says, if anything. */
    static Optional<String> seedDirConfigured() {
        String configured = System.getProperty("greetwire.seed.dir", System.getenv("GREETWIRE_SEED_DIR"));
        return Optional.ofNullable(configured).filter(c -> !c.isBlank());
    }

    /** Why there is no seed directory, for an assumption's message. */
    static String seedDirMissing() {
        return seedDirConfigured()
                .map(c -> "the seed's sources not found: no seed-server.c in " + c + " (set by -Dgreetwire.seed.dir or GREETWIRE_SEED_DIR)")
                .orElse("the seed's sources (shared/seed/seed-server.c) not found in " + Path.of("").toAbsolutePath()
                        + " or above; set -Dgreetwire.seed.dir or GREETWIRE_SEED_DIR");
    }

    private static Optional<Path> seedDirAbove() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path seed = d.resolve("shared").resolve("seed");
            if (Files.isRegularFile(seed.resolve("seed-server.c")) && Files.isRegularFile(seed.resolve("seed-client.c"))) {
                return Optional.of(seed);
            }
        }
        return Optional.empty();
    }

    /** Where the tests put what they build and the configs they write. */
    static Path workDir(String name) throws IOException {
        Path dir = Path.of("target", "interop", name).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Compiles {@code seed-server.c} or {@code seed-client.c} with its port changed, the way the
     * seed's README does it ({@code sed 's/#define SERVER_PORT 20000/#define SERVER_PORT N/'}).
     */
    static Path compileSeed(Path gcc, Path seedDir, String program, int port) throws IOException, InterruptedException {
        String source = Files.readString(seedDir.resolve(program + ".c"), StandardCharsets.ISO_8859_1);
        String define = "#define SERVER_PORT 20000";
        assertTrue(source.contains(define), program + ".c has no '" + define + "' line to change");
        Path dir = workDir("seed");
        Path c = dir.resolve(program + "-" + port + ".c");
        Path exe = dir.resolve(program + "-" + port);
        Files.writeString(c, source.replace(define, "#define SERVER_PORT " + port), StandardCharsets.ISO_8859_1);
        Child cc = Child.run(List.of(gcc.toString(), "-w", "-o", exe.toString(), c.toString()), Duration.ofSeconds(120));
        assertEquals(0, cc.exitValue(), () -> "gcc failed: " + cc);
        return exe;
    }

    /**
     * Waits until something listens on TCP {@code port} (IPv4 or IPv6), reading /proc/net/tcp: unlike
     * a probe connection, this does not use up the seed server's only client.
     */
    static void awaitListening(int port, Duration timeout, Child owner) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (owner != null && !owner.isAlive()) {
                throw new AssertionError("exited before it listened on port " + port + ": " + owner);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("nothing listened on port " + port + " within " + timeout
                        + (owner != null ? ": " + owner : ""));
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Whether /proc/net/tcp or tcp6 shows a socket in LISTEN on {@code port}. */
    static boolean listening(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; st 0A = LISTEN
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // no such table (no IPv6, or not Linux)
            }
        }
        return false;
    }

    /** Whether /proc/net/tcp can be read at all (Linux). */
    static boolean procNetTcp() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Whether this process runs as root (uid 0), from /proc/self/status. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command that runs the CLI's {@code Main} in a new JVM, on this test's class path. */
    static List<String> cli(String... args) {
        String tcpdump = System.getProperty("greetwire.tcpdump");
        return cli(tcpdump == null ? List.of() : List.of("-Dgreetwire.tcpdump=" + tcpdump), args);
    }

    /** The same, with options for the JVM such as {@code -Dgreetwire.tcpdump=...}. */
    static List<String> cli(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.addAll(jvmOptions);
        cmd.add("io.greetwire.examples.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The ctime stamp at the end of a seed greeting, read in this machine's zone (as the C program wrote it). */
    static Instant seedStamp(String greeting) {
        Matcher m = Pattern.compile(Pattern.quote(SEED_PREFIX) + CTIME.pattern() + "\n").matcher(greeting);
        assertTrue(m.matches(), () -> "not the seed's greeting: '" + greeting + "'");
        return LocalDateTime.parse(m.group(1), CTIME_FORMAT).atZone(ZoneId.systemDefault()).toInstant();
    }

    /** Asserts {@code t} is within a minute of now. */
    static void assertNearNow(Instant t) {
        long off = Math.abs(Duration.between(Instant.now(), t).toSeconds());
        assertTrue(off <= 60, () -> t + " is " + off + " s away from now");
    }
}
