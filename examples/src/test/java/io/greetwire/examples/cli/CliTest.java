package io.greetwire.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CliTest {
    /** Child processes, destroyed after each test even when it timed out blocked on their output. */
    private final List<Process> children = new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void destroyChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        children.clear();
    }


    private static String[] run(String... args) {
        return InProcessCli.run(args);
    }

    @Test
    void demo_fetchesWithEveryTransportAndExitsZero() {
        String[] r = run("demo");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("server: listening on 127.0.0.1:");
        for (var t : Transports.available()) {
            assertThat(r[1]).containsPattern(t.name() + " client: welcome to our server\\.timestamp on server:\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\n");
        }
        assertThat(r[1]).contains("connect=").contains("first-byte=").contains("total=");
    }

    @Test
    void client_printsLikeTheSeedsClient() throws Exception {
        try (GreetingServer server = Transports.get("blocking").newServer(
                ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0).build())) {
            int port = TestNet.port(server.start());
            String[] r = run("client", "127.0.0.1", "--port", String.valueOf(port));
            assertThat(r[0]).isEqualTo("0");
            assertThat(r[1]).matches("from server 127\\.0\\.0\\.1:\n\twelcome to our server\\.timestamp on server:.{24}\n");
        }
    }

    @Test
    void client_failureIsOneLineOnStderrAndExitOne() throws Exception {
        try (java.net.Socket held = TestNet.unlistenedPort()) {
            int port = held.getLocalPort();
            String[] r = run("client", "127.0.0.1", "--port", String.valueOf(port));
            assertThat(r[0]).isEqualTo("1");
            assertThat(r[1]).isEmpty();
            assertThat(r[2].trim()).doesNotContain("\n").contains("CONNECT_REFUSED").contains("127.0.0.1:" + port);
        }
    }

    @Test
    void client_unknownTransport_listsTheAvailableOnes() {
        String[] r = run("client", "127.0.0.1", "--transport", "pigeon");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("'pigeon'").contains("blocking");
    }

    @Test
    void server_badPort_isAClearError() {
        String[] r = run("server", "--port", "70000");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("port").contains("70000");
    }

    @Test
    void server_printsListeningAndEachClient_andStopsOnSigterm() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "server", "--bind", "127.0.0.1", "--port", "0"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) transport=blocking format=seed").matcher(first);
            assertThat(m.matches()).as(first).isTrue();
            int port = Integer.parseInt(m.group(1));
            String[] r = run("client", "127.0.0.1", "--port", String.valueOf(port));
            assertThat(r[0]).isEqualTo("0");
            assertThat(out.readLine()).matches("connect from client: IP: 127\\.0\\.0\\.1, Port: \\d+");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isIn(0, 143);
        } finally {
            p.destroyForcibly();
        }
    }
}
