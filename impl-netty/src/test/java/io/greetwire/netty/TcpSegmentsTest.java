package io.greetwire.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingServer;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import io.greetwire.tck.TestNet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Captures one greeting with tcpdump on loopback and counts its TCP segments. Corked, the server
 * sends the greeting and its FIN in one segment and the client answers both with its own FIN:
 * SYN, SYN-ACK, ACK, data+FIN, FIN+ACK, ACK = 6, against 8 for the seed (data and FIN apart, each
 * acknowledged).
 *
 * <p>Needs tcpdump and root; skipped otherwise, with the reason. The server's part (3 segments,
 * one carrying data and FIN) is what the server controls and is asserted on every capture; the
 * client's part can grow by a pure ACK when a loaded machine delays the client's close past its
 * delayed-ACK timer (about 40 ms), so a capture is retried a few times for the total of 6.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TcpSegmentsTest {
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final int ATTEMPTS = 5;

    @ParameterizedTest
    @EnumSource(value = Flavour.class, names = {"EPOLL", "IO_URING"})
    void oneGreeting_isSixSegments(Flavour flavour) throws Exception {
        assumeTrue(flavour.isAvailable(), flavour::unavailableReason);
        String tcpdump = tcpdump();
        assumeTrue(tcpdump != null, "tcpdump is not installed (looked in /usr/sbin, /usr/bin, /sbin, /bin)");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "capturing on lo needs root; this runs as " + System.getProperty("user.name"));

        NettyTransport t = new NettyTransport();
        try (GreetingServer server = t.newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                    .option("netty.flavour", flavour.id()).build());
             GreetingClient client = t.newClient(ClientConfig.builder().option("netty.flavour", flavour.id()).build())) {
            server.start();
            int port = server.localPort();
            client.fetch(server.localAddress()); // warm up outside the capture
            List<Integer> totals = new ArrayList<>();
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                List<String> segments = capture(tcpdump, port, client, server);
                System.out.println(flavour.id() + " capture " + attempt + ": " + segments.size() + " segments");
                segments.forEach(s -> System.out.println("  " + s));
                String toServer = "." + port + ": ";
                String fromServer = "127.0.0.1." + port + " > ";
                List<String> serverSent = segments.stream().filter(s -> s.contains(fromServer)).toList();
                assertThat(serverSent).as("segments the server sent (SYN-ACK, data+FIN, last ACK)").hasSize(3);
                assertThat(serverSent.get(1)).as("greeting and FIN in one segment")
                        .contains("Flags [F").contains("length 255");
                assertThat(segments.stream().filter(s -> s.contains(toServer))).isNotEmpty();
                totals.add(segments.size());
                if (segments.size() == 6) {
                    break;
                }
            }
            assertThat(totals).as("segments per greeting over %d captures on %s", totals.size(), flavour.id()).contains(6);
        }
    }

    /** One fetch under tcpdump; the segment lines, up to the server's ACK of the client's FIN. */
    private static List<String> capture(String tcpdump, int port, GreetingClient client, GreetingServer server) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(tcpdump, "-i", "lo", "-nn", "-S", "-l", "-c", "20", "tcp port " + port);
        Process p = pb.start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch listening = new CountDownLatch(1);
        StringBuilder err = new StringBuilder();
        Thread errReader = daemon(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (err) {
                        err.append(l).append('\n');
                    }
                    if (l.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            listening.countDown();
        });
        Thread outReader = daemon(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    if (l.contains(" IP ") || l.contains(" IP6 ")) {
                        lines.add(l);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        try {
            assertThat(listening.await(STEP.toSeconds(), TimeUnit.SECONDS)).as("tcpdump to start").isTrue();
            synchronized (err) {
                assumeTrue(p.isAlive() && err.indexOf("listening on") >= 0, "tcpdump could not capture: " + err);
            }
            long greetedBefore = server.stats().greeted();
            assertThat(client.fetch(server.localAddress()).text()).startsWith(GreetingSource.SEED_PREFIX);
            TestNet.await("the greeting counted", STEP, () -> server.stats().greeted() == greetedBefore + 1);
            String fromServer = "127.0.0.1." + port + " > ";
            TestNet.await("the server's last ACK in the capture", STEP, () -> lastAckSeen(new ArrayList<>(lines), fromServer));
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            outReader.join(10_000);
            errReader.join(10_000);
        }
        return new ArrayList<>(lines);
    }

    /** Whether the server has acknowledged a FIN from the client: the capture is complete. */
    private static boolean lastAckSeen(List<String> lines, String fromServer) {
        boolean clientFin = false;
        for (String l : lines) {
            boolean server = l.contains(fromServer);
            if (!server && l.contains("Flags [F")) {
                clientFin = true;
            } else if (server && clientFin && l.contains("Flags [.]")) {
                return true;
            }
        }
        return false;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "tcpdump-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String tcpdump() {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/sbin", "/bin"}) {
            Path p = Path.of(dir, "tcpdump");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
