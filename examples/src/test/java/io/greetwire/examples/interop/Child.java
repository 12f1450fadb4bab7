package io.greetwire.examples.interop;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process whose output is collected as it comes, with bounded waits only. Closing it
 * ends the process (SIGTERM, then SIGKILL) if it still runs.
 */
final class Child implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread outPump;
    private final Thread errPump;

    private Child(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.outPump = pump(process.getInputStream(), out, "out");
        this.errPump = pump(process.getErrorStream(), err, "err");
    }

    static Child start(List<String> command) throws IOException {
        return start(command, Map.of(), null);
    }

    static Child start(List<String> command, Map<String, String> env, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        return new Child(command, pb.start());
    }

    /** Runs a command to its end within {@code timeout}; fails the test if it takes longer. */
    static Child run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, Map.of(), timeout);
    }

    static Child run(List<String> command, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Child c = start(command, env, null);
        c.waitFor(timeout);
        return c;
    }

    /** Waits for the exit; on timeout kills the process and throws an AssertionError with its output. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("still running after " + timeout + ": " + this);
        }
        outPump.join(timeout.toMillis());
        errPump.join(timeout.toMillis());
        return process.exitValue();
    }

    int exitValue() {
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until stdout so far satisfies {@code condition}; fails with the output after {@code timeout} or if the process ends first. */
    String awaitStdout(String what, Duration timeout, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                String now = out.toString(StandardCharsets.UTF_8);
                if (condition.test(now)) {
                    return now;
                }
                if (!outPump.isAlive()) {
                    throw new AssertionError("ended before " + what + ": " + this);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout + " waiting for " + what + ": " + this);
                }
                TimeUnit.NANOSECONDS.timedWait(out, Math.min(left, 100_000_000L));
            }
        }
    }

    byte[] stdoutBytes() {
        synchronized (out) {
            return out.toByteArray();
        }
    }

    String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        outPump.join(5_000);
        errPump.join(5_000);
    }

    @Override
    public String toString() {
        return String.join(" ", command) + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stdout:\n" + tail(stdout()) + "\n--- stderr:\n" + tail(stderr());
    }

    /** The end of an output, so that a failure's message stays readable when a test reads megabytes. */
    private static String tail(String s) {
        int keep = 4096;
        return s.length() <= keep ? s : "[" + (s.length() - keep) + " chars before] " + s.substring(s.length() - keep);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream into, String name) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (into) {
                        into.write(buf, 0, n);
                        into.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                synchronized (into) {
                    into.notifyAll();
                }
            }
        }, "child-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
