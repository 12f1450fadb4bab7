package io.greetwire.examples.trace;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * tcpdump as a child process: {@code tcpdump -i lo -nn -S -l --immediate-mode 'tcp port N'}.
 * {@link #start} returns once tcpdump says it is listening (so nothing sent afterwards is missed),
 * {@link #stop} ends it with SIGTERM (tcpdump then flushes what it has) and returns every line it
 * printed. Every wait is bounded. The executable is {@code tcpdump} on the PATH (or in /usr/sbin,
 * /usr/bin, /sbin), or what the system property {@value #EXECUTABLE_PROPERTY} names.
 */
public final class TcpdumpCapture implements AutoCloseable {
    /** System property naming the tcpdump executable (a path or a name to look up). */
    public static final String EXECUTABLE_PROPERTY = "greetwire.tcpdump";

    /** Why there is no capture: one line for people. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        /**
         * Why, for people.
         *
         * @param reason one line
         */
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Process process;
    private final List<String> command;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outPump;
    private final Thread errPump;
    private boolean listening;
    private boolean errClosed;

    private TcpdumpCapture(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.outPump = pump(process.getInputStream(), out, "greetwire-tcpdump-out");
        this.errPump = pump(process.getErrorStream(), err, "greetwire-tcpdump-err");
    }

    /** The executable to run, if there is one. */
    public static Optional<Path> findExecutable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY, "tcpdump");
        return Executables.find(configured);
    }


    /**
     * Starts capturing TCP segments to or from {@code port} on {@code iface}.
     *
     * @throws Unavailable if tcpdump is not there, may not capture, or does not get ready in time
     */
    public static TcpdumpCapture start(String iface, int port, Duration readyTimeout) throws Unavailable {
        return start(iface, port, false, readyTimeout);
    }

    /**
     * Starts capturing TCP segments to or from {@code port} on {@code iface}; with {@code payload},
     * tcpdump also prints each packet in hex ({@code -x}), for {@link TcpdumpParser#parsePackets}.
     *
     * @throws Unavailable if tcpdump is not there, may not capture, or does not get ready in time
     */
    public static TcpdumpCapture start(String iface, int port, boolean payload, Duration readyTimeout) throws Unavailable {
        String configured = System.getProperty(EXECUTABLE_PROPERTY, "tcpdump");
        Path exe = Executables.find(configured).orElseThrow(() -> new Unavailable(
                configured.contains(File.separator)
                        ? "tcpdump not found at " + configured + " (set by -D" + EXECUTABLE_PROPERTY + ")"
                        : "tcpdump not found (looked on the PATH and in /usr/sbin, /usr/bin); install it: apt-get install tcpdump"));
        return start(exe, iface, port, payload, readyTimeout);
    }

    /** Starts {@code exe} as tcpdump (tests hand in stand-ins). */
    static TcpdumpCapture start(Path exe, String iface, int port, Duration readyTimeout) throws Unavailable {
        return start(exe, iface, port, false, readyTimeout);
    }

    static TcpdumpCapture start(Path exe, String iface, int port, boolean payload, Duration readyTimeout) throws Unavailable {
        List<String> command = new ArrayList<>(List.of(exe.toString(), "-i", iface, "-nn", "-S"));
        if (payload) {
            command.add("-x");
        }
        command.addAll(List.of("-l", "--immediate-mode", "tcp port " + port));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new Unavailable("cannot run " + exe + ": " + e.getMessage());
        }
        TcpdumpCapture c = new TcpdumpCapture(p, command);
        try {
            c.awaitListening(readyTimeout);
        } catch (Unavailable e) {
            c.close();
            throw e;
        } catch (InterruptedException e) {
            c.close();
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while tcpdump was starting");
        }
        return c;
    }

    /** The command line that runs, as a shell would show it. */
    public String commandLine() {
        List<String> shown = new ArrayList<>(command);
        shown.set(shown.size() - 1, "'" + shown.get(shown.size() - 1) + "'");
        shown.set(0, Path.of(shown.get(0)).getFileName().toString());
        return String.join(" ", shown);
    }

    private synchronized void awaitListening(Duration timeout) throws Unavailable, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening) {
            if (errClosed) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new Unavailable("tcpdump did not start listening within " + timeout.toSeconds() + " s");
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 50_000_000L));
        }
        if (!listening) {
            // e.g. "tcpdump: lo: You don't have permission to perform this capture on that device"
            // and, on the next line, "(socket: Operation not permitted)": one line of it all.
            String why = String.join(" ", err.stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("tcpdump: verbose output suppressed"))
                    .map(String::strip).toArray(String[]::new));
            if (why.isEmpty()) {
                why = "tcpdump exited before it was listening";
            } else if (!why.startsWith("tcpdump")) {
                why = "tcpdump: " + why;
            }
            if (why.contains("permission") || why.contains("not permitted")) {
                why += "; capturing needs root or CAP_NET_RAW";
            }
            throw new Unavailable(why);
        }
    }

    /** Waits until the lines printed so far satisfy {@code done}, or {@code timeout} passes; returns whether they did. */
    public synchronized boolean await(Predicate<List<String>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(List.copyOf(out))) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive() && !outPump.isAlive()) {
                return done.test(List.copyOf(out));
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 50_000_000L));
        }
        return true;
    }

    /** Stops tcpdump (SIGTERM, then SIGKILL after {@code timeout}) and returns every line it printed on stdout. */
    public List<String> stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        outPump.join(timeout.toMillis());
        errPump.join(timeout.toMillis());
        synchronized (this) {
            return List.copyOf(out);
        }
    }

    /** What tcpdump printed on stderr so far (its banner, statistics and errors). */
    public synchronized List<String> errorLines() {
        return List.copyOf(err);
    }

    /** Ends tcpdump if it still runs. Idempotent. */
    @Override
    public void close() {
        try {
            stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream in, List<String> into, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        into.add(line);
                        if (into == err && line.startsWith("listening on")) {
                            listening = true;
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream closed under us: tcpdump is gone
            } finally {
                synchronized (this) {
                    if (into == err) {
                        errClosed = true;
                    }
                    notifyAll();
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
