package io.greetwire.tck;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Loopback helpers for the suites: ports, IPv6, waiting on a condition with a deadline. */
public final class TestNet {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private TestNet() { }

    /**
     * A loopback port held by a bound socket that does not listen: a connection to it is refused,
     * and nothing else can bind it until the socket is closed (no pick-a-port-then-bind race).
     */
    public static Socket unlistenedPort() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(LOOPBACK, 0));
        return s;
    }

    /**
     * A loopback port free right now, for a peer that must be told its port before it binds it
     * itself (a C program compiled for it, an xinetd config). Another process may take it first:
     * callers start the peer and, when it does not listen, try again with a new port.
     */
    public static int portForAPeerToBind() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /**
     * Prints a measurement and appends it to {@code target/tck-measurements.txt} of the module
     * under test, where the figures of several runs stay side by side.
     */
    public static void report(String line) {
        System.out.println(line);
        try {
            Path file = Path.of("target", "tck-measurements.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, java.time.Instant.now() + " " + line + System.lineSeparator(),
                    java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.out.println("(not kept: " + e + ")");
        }
    }

    /** {@code ::1} if this machine can bind it, else {@code null}. */
    public static InetAddress ipv6Loopback() {
        try {
            InetAddress v6 = InetAddress.getByName("::1");
            try (ServerSocket s = new ServerSocket(0, 1, v6)) {
                return v6 instanceof Inet6Address ? v6 : null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code lo} carries IPv6 at all. */
    public static boolean hasIpv6() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
            return ipv6Loopback() != null && lo != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Waits until {@code condition} holds, polling, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, condition, () -> "");
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, adding {@code state} to the failure. */
    public static void await(String what, Duration timeout, BooleanSupplier condition, java.util.function.Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; now: " + state.get());
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
        }
    }

    /** Open file descriptors of this process, where /proc tells; -1 elsewhere. */
    public static long openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * The kernel's TCP memory in bytes: {@code mem} of the {@code TCP:} line of
     * {@code /proc/net/sockstat} (pages, for this network namespace), or -1 where it does not tell.
     */
    public static long tcpMemoryBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
                if (l.startsWith("TCP:")) {
                    String[] f = l.trim().split("\\s+");
                    for (int i = 1; i + 1 < f.length; i++) {
                        if (f[i].equals("mem")) {
                            return Long.parseLong(f[i + 1]) * PAGE_SIZE;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /**
     * The bytes a TCP socket has queued to send and not yet had acknowledged ({@code tx_queue} in
     * {@code /proc/net/tcp} or {@code tcp6}), found by its local and remote ports; -1 if not listed.
     *
     * @param localPort the socket's own port (a server's listening port for an accepted socket)
     * @param remotePort its peer's port
     * @return bytes queued, or -1
     */
    public static long sendQueueBytes(int localPort, int remotePort) {
        String queues = queues(localPort, remotePort);
        return queues == null ? -1 : Long.parseLong(queues.substring(0, queues.indexOf(':')), 16);
    }

    /**
     * The bytes a TCP socket has received and its owner not read yet ({@code rx_queue} in
     * {@code /proc/net/tcp} or {@code tcp6}), found by its local and remote ports; -1 if not listed.
     *
     * @param localPort the socket's own port (a server's listening port for an accepted socket)
     * @param remotePort its peer's port
     * @return bytes unread, or -1
     */
    public static long receiveQueueBytes(int localPort, int remotePort) {
        String queues = queues(localPort, remotePort);
        return queues == null ? -1 : Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
    }

    /** The {@code tx_queue:rx_queue} field of the socket with these ports, or null. */
    private static String queues(int localPort, int remotePort) {
        String local = String.format(":%04X", localPort);
        String remote = String.format(":%04X", remotePort);
        for (String table : new String[] {"tcp", "tcp6"}) {
            for (String[] f : LeakCheck.table(table)) {
                if (f.length > 4 && f[1].endsWith(local) && f[2].endsWith(remote)) {
                    return f[4];
                }
            }
        }
        return null;
    }

    /**
     * What a send buffer of SO_SNDBUF {@code bytes} may queue ({@link #sendQueueBytes}): the kernel
     * doubles SO_SNDBUF, and a write that finds room may add one more segment of up to 64 KiB
     * (loopback's largest).
     */
    public static long sendQueueBound(long bytes) {
        return 2 * bytes + 64 * 1024;
    }

    /** The page size sockstat counts in: 4 KiB on x86-64, where these tests run. */
    static final long PAGE_SIZE = 4096;

    /** A raw client socket that connects and does not read, with a small receive buffer. */
    public static Socket silentPeer(java.net.SocketAddress server) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(server, 5_000);
        return s;
    }

    /** Where a server listening on all interfaces is reached over loopback. */
    public static InetSocketAddress loopback(java.net.SocketAddress bound) {
        return new InetSocketAddress(LOOPBACK, port(bound));
    }

    /** The address as the IP address and port it must be in a TCP test. */
    public static InetSocketAddress inet(java.net.SocketAddress a) {
        return (InetSocketAddress) a;
    }

    /** The port of an address that must be TCP. */
    public static int port(java.net.SocketAddress a) {
        return inet(a).getPort();
    }

    /** Live threads whose names start with {@code prefix}. */
    public static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    /**
     * The baseline for a leak check: waits up to 10 s for threads named {@code prefix} that earlier
     * tests closed to finish dying, then returns how many are left (0 in a clean run).
     */
    public static long quietThreads(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (threadsNamed(prefix) > 0 && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        return threadsNamed(prefix);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
