package io.greetwire.examples.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The capture's process handling, with shell scripts standing in for tcpdump (no root needed). */
@Timeout(60)
class TcpdumpCaptureTest {
    private static final String BANNER = "echo 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode' >&2\n";

    private static Path script(String name, String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh to run a stand-in for tcpdump");
        Path dir = Path.of("target", "fake-tcpdump").toAbsolutePath();
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void noPermissionIsOneLine() throws IOException {
        Path fake = script("no-permission", BANNER
                + "echo \"tcpdump: $2: You don't have permission to perform this capture on that device\" >&2\n"
                + "echo '(socket: Operation not permitted)' >&2\nexit 1\n");
        assertThatThrownBy(() -> TcpdumpCapture.start(fake, "lo", 20000, Duration.ofSeconds(30)))
                .isInstanceOf(TcpdumpCapture.Unavailable.class)
                .hasMessage("tcpdump: lo: You don't have permission to perform this capture on that device "
                        + "(socket: Operation not permitted); capturing needs root or CAP_NET_RAW");
    }

    @Test
    void neverListeningIsBounded() throws IOException {
        Path fake = script("silent", "exec sleep 30\n");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> TcpdumpCapture.start(fake, "lo", 20000, Duration.ofSeconds(1)))
                .isInstanceOf(TcpdumpCapture.Unavailable.class)
                .hasMessage("tcpdump did not start listening within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void linesUntilStopped() throws Exception {
        Path fake = script("capture", BANNER
                + "echo \"listening on $2, link-type EN10MB (Ethernet), snapshot length 262144 bytes\" >&2\n"
                + "echo \"args: $*\"\n"
                + "echo '1.0 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [S], seq 100, win 1, length 0'\n"
                + "exec sleep 30\n");
        try (TcpdumpCapture c = TcpdumpCapture.start(fake, "lo", 20000, Duration.ofSeconds(30))) {
            assertThat(c.commandLine()).isEqualTo("capture -i lo -nn -S -l --immediate-mode 'tcp port 20000'");
            assertThat(c.await(lines -> lines.size() == 2, Duration.ofSeconds(30))).isTrue();
            List<String> lines = c.stop(Duration.ofSeconds(10));
            assertThat(lines).containsExactly("args: -i lo -nn -S -l --immediate-mode tcp port 20000",
                    "1.0 IP 127.0.0.1.40000 > 127.0.0.1.20000: Flags [S], seq 100, win 1, length 0");
            assertThat(new TcpdumpParser().parse(lines)).hasSize(1);
            assertThat(c.errorLines()).anyMatch(l -> l.startsWith("listening on lo"));
        }
    }

    @Test
    void missingExecutable() {
        assertThat(Executables.find("/nonexistent/tcpdump")).isEmpty();
        assertThat(Executables.find("sh")).isPresent();
    }
}
