package io.greetwire.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.spi.GreetingTransport;
import io.greetwire.spi.Transports;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server --unix}, {@code client --unix}, {@code load --unix}, {@code demo --unix [--tls]}. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CliUnixTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        return InProcessCli.run(args);
    }

    @Test
    void demo_overAUnixSocket_fetchesWithEveryTransport() {
        String[] r = run("demo", "--unix");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).containsPattern("server: listening on unix:/\\S+/greet\\.sock transport=");
        for (GreetingTransport t : Transports.available()) {
            assertThat(r[1]).contains(t.name() + " client: welcome to our server.timestamp on server:");
        }
    }

    @Test
    void demo_overTlsOnAUnixSocket_theBlockingServerGreetsEveryClient() {
        String[] r = run("demo", "--unix", "--tls", "--transport", "blocking");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).containsPattern("server: listening on unix:/\\S+/greet\\.sock transport=blocking");
        for (GreetingTransport t : Transports.available()) {
            assertThat(r[1]).contains(t.name() + " client: welcome to our server.timestamp on server:");
        }
    }

    @Test
    void server_client_andLoad_overAUnixSocket() throws Exception {
        Path sock = dir.resolve("cli.sock");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "server", "--unix", sock.toString(), "--socket-permissions", "rw-------", "--transport", "nio"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("listening on unix:" + sock + " transport=nio format=seed");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock))).isEqualTo("rw-------");

            String[] c = run("client", "--unix", sock.toString(), "--transport", "netty");
            assertThat(c[0]).as(c[2]).isEqualTo("0");
            assertThat(c[1]).matches("from server unix:" + Pattern.quote(sock.toString())
                    + ":\n\twelcome to our server\\.timestamp on server:.{24}\n");
            assertThat(out.readLine()).isEqualTo("connect from client: unix:(unnamed)");

            String[] l = run("load", "--unix", sock.toString(), "--count", "200", "--concurrency", "4");
            assertThat(l[0]).as(l[2]).isEqualTo("0");
            assertThat(l[1]).contains("unix:" + sock).contains("200");

            String[] both = run("client", "127.0.0.1", "--unix", sock.toString());
            assertThat(both[0]).isEqualTo("1");
            assertThat(both[2]).contains("not both");

            p.destroy(); // SIGTERM: a graceful close removes the socket file
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sock).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
    }
}
