package io.greetwire.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.tck.TestNet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EMFILE for real: lowers this JVM's open-file limit with {@code prlimit}, uses up the
 * descriptors, and connects. The accept fails, is counted, accept interest pauses, and once
 * descriptors are free again the server accepts the waiting connection by itself.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioAcceptErrorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void acceptFailsWithEmfile_isCountedAndAcceptingResumesByItself() throws Exception {
        assumeThat(Files.isDirectory(Path.of("/proc/self/fd"))).as("Linux /proc").isTrue();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/prlimit"))).as("prlimit").isTrue();
        long pid = ProcessHandle.current().pid();
        String original = limits(pid);
        GreetingServer server = new NioTransport().newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK)
                .port(0).build());
        List<FileChannel> filler = new ArrayList<>();
        try {
            server.start();
            // Warm up everything used below while descriptors are short (classes load from jars).
            try (Socket warm = new Socket(server.localAddress().getAddress(), server.localAddress().getPort())) {
                assertThat(readAll(warm)).startsWith(GreetingSource.SEED_PREFIX);
            }
            TestNet.await("warm-up greeted", DEADLINE, () -> server.stats().greeted() == 1);

            prlimit(pid, (TestNet.openFds() + 64) + ":" + original.split(":")[1]);
            try {
                while (true) {
                    filler.add(FileChannel.open(Path.of("/dev/null")));
                }
            } catch (IOException full) {
                // the limit is reached
            }
            filler.remove(filler.size() - 1).close(); // one for the client's socket
            try (Socket client = new Socket()) {
                client.connect(server.localAddress(), (int) DEADLINE.toMillis()); // the kernel completes it
                TestNet.await("accept errors counted", DEADLINE, () -> server.stats().acceptErrors() >= 1);
                assertThat(server.stats().accepted()).isEqualTo(1);
                for (FileChannel f : filler) {
                    f.close();
                }
                filler.clear();
                client.setSoTimeout((int) DEADLINE.toMillis());
                assertThat(readAll(client)).startsWith(GreetingSource.SEED_PREFIX); // accepted after the back-off
            }
            TestNet.await("greeted after the back-off", DEADLINE, () -> server.stats().greeted() == 2);
        } finally {
            for (FileChannel f : filler) {
                f.close();
            }
            prlimit(pid, original);
            server.close();
        }
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** "soft:hard" for NOFILE. */
    private static String limits(long pid) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile", "--raw", "--noheadings",
                "--output=SOFT,HARD").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        String[] parts = out.split("\\s+");
        return parts[0] + ":" + parts[1];
    }

    private static void prlimit(long pid, String softHard) throws Exception {
        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + softHard)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("prlimit: %s", out).isZero();
    }
}
