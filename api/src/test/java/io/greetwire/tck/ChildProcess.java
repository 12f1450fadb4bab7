package io.greetwire.tck;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ChildServer} under {@code ulimit -n}, talked to line by line. Every read waits with a
 * deadline (the streams are pumped by daemon threads), so a child that hangs fails the test
 * instead of hanging it; {@link #close()} destroys the child.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final int port;

    private ChildProcess(Process process, Duration deadline) throws IOException {
        this.process = process;
        pump(process.getInputStream(), out::add, "child-stdout");
        pump(process.getErrorStream(), err::add, "child-stderr");
        String first = next(deadline);
        if (!first.startsWith("PORT ")) {
            throw new IOException("child said " + first + "; stderr: " + err);
        }
        port = Integer.parseInt(first.substring(5).trim());
    }

    /**
     * Starts a child server with a descriptor limit of {@code fdLimit}, a TEXT greeting of
     * {@code greetingBytes} and a write timeout.
     */
    public static ChildProcess start(int fdLimit, int greetingBytes, Duration writeTimeout, TransportUnderTest t,
                                     Duration deadline) throws IOException {
        if (!new File("/bin/bash").canExecute()) {
            throw new IOException("the child server needs /bin/bash for ulimit");
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        StringBuilder cmd = new StringBuilder("ulimit -n " + fdLimit + " && exec '" + java + "' -Xmx512m -cp '"
                + System.getProperty("java.class.path") + "' " + ChildServer.class.getName() + " " + greetingBytes
                + " " + writeTimeout.toMillis() + " " + t.transportName());
        for (String o : t.optionArgs()) {
            cmd.append(" '").append(o).append('\'');
        }
        return new ChildProcess(new ProcessBuilder("/bin/bash", "-c", cmd.toString()).start(), deadline);
    }

    private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    sink.accept(l);
                }
            } catch (IOException ignored) {
                // the child is gone
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /** The child's port on loopback. */
    public int port() {
        return port;
    }

    /** The child's process id. */
    public long pid() {
        return process.pid();
    }

    /** Everything the child wrote to stderr so far. */
    public List<String> stderr() {
        return new ArrayList<>(err);
    }

    /** The next stdout line, or an exception naming the child's stderr after {@code deadline}. */
    public String next(Duration deadline) throws IOException {
        try {
            String l = out.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new IOException("no line from the child within " + deadline + " (alive: " + process.isAlive()
                        + "); stderr: " + tail());
            }
            return l;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Sends a command line. */
    public void send(String line) throws IOException {
        OutputStream o = process.getOutputStream();
        o.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        o.flush();
    }

    /** Asks for the child's stats and returns one counter of the answer, e.g. {@code accepted}. */
    public long stat(String name) throws IOException {
        send("stats");
        String line = next(Duration.ofSeconds(30));
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "=(\\d+)").matcher(line);
        if (!m.find()) {
            throw new IOException("no " + name + " in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** The last stats line after {@code stop}, and the child's exit. */
    public String stop(Duration deadline) throws IOException, InterruptedException {
        send("stop");
        String line = next(deadline);
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("the child did not exit within " + deadline);
        }
        return line;
    }

    /** The child's resident set in bytes ({@code VmRSS} of {@code /proc/PID/status}). */
    public long rssBytes() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /**
     * CPU time the child used so far, user and system, in nanoseconds ({@code /proc/PID/stat},
     * counted in clock ticks of 10 ms: USER_HZ is 100 on Linux).
     */
    public long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15
        return ticks * 10_000_000L;
    }

    /** The last 20 stderr lines. */
    public List<String> tail() {
        List<String> e = stderr();
        return e.subList(Math.max(0, e.size() - 20), e.size());
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the child sees the end of stdin and stops by itself
        } catch (IOException ignored) {
            // gone already
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
