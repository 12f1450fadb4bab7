package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * xinetd's internal {@code daytime} (RFC 867) and {@code time} (RFC 868) services, run in the
 * foreground from a generated config on spare loopback ports, read by every Greetwire client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class XinetdInteropTest {
    private Child xinetd;
    /** Why xinetd is not running, for every test's assumption (an assumption in @BeforeAll hides its reason in the reports). */
    private String notRunning;
    private int daytimePort;
    private int timePort;

    @BeforeAll
    @Timeout(180)
    void startXinetd() throws Exception {
        Path exe = Peers.find("xinetd").orElse(null);
        if (exe == null) {
            notRunning = Peers.missing("xinetd", "xinetd");
            return;
        }
        if (!Peers.procNetTcp()) {
            notRunning = "no /proc/net/tcp to see when xinetd listens (not Linux)";
            return;
        }
        Path dir = Peers.workDir("xinetd");
        AssertionError last = null;
        // A spare port may be taken between choosing it and xinetd binding it: then try new ones.
        for (int attempt = 1; attempt <= 3; attempt++) {
            daytimePort = TestNet.portForAPeerToBind();
            timePort = TestNet.portForAPeerToBind();
            if (daytimePort == timePort) {
                continue;
            }
            Path conf = dir.resolve("xinetd-" + daytimePort + ".conf");
            Files.writeString(conf, config(dir, daytimePort, timePort));
            xinetd = Child.start(List.of(exe.toString(), "-dontfork", "-f", conf.toString(),
                    "-pidfile", dir.resolve("xinetd.pid").toString()));
            try {
                Peers.awaitListening(daytimePort, Peers.PROCESS_TIMEOUT, xinetd);
                Peers.awaitListening(timePort, Peers.PROCESS_TIMEOUT, xinetd);
                return;
            } catch (AssertionError e) {
                last = e;
                xinetd.close();
                xinetd = null;
            }
        }
        notRunning = "xinetd would not run here: " + last;
    }

    @BeforeEach
    void running() {
        Peers.assumePeer(notRunning == null, () -> notRunning);
    }

    @AfterAll
    @Timeout(60)
    void stopXinetd() throws Exception {
        if (xinetd != null) {
            xinetd.close();
        }
    }

    /** RFC 867: a line such as {@code 25 NOV 2026 19:16:02 UTC}. */
    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void everyClientReadsDaytime(String transport) throws Exception {
        Greeting g = fetch(transport, GreetingFormat.DAYTIME, daytimePort);
        assertFalse(g.text().isBlank(), "daytime text");
        assertTrue(g.text().matches(".*\\d{1,2}:\\d\\d:\\d\\d.*") && g.text().contains(String.valueOf(Year.now().getValue())),
                () -> "not a date and time: '" + g.text() + "'");
        assertTrue(new String(g.bytes(), java.nio.charset.StandardCharsets.US_ASCII).endsWith("\r\n"), "RFC 867 line ends in CRLF");
    }

    /** RFC 868: four bytes, seconds since 1900. */
    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void everyClientReadsTime(String transport) throws Exception {
        Greeting g = fetch(transport, GreetingFormat.TIME, timePort);
        assertTrue(g.serverTime().isPresent(), "TIME carries the server's time");
        Peers.assertNearNow(g.serverTime().get());
    }

    private Greeting fetch(String transport, GreetingFormat format, int port) throws Exception {
        ClientConfig config = ClientConfig.builder().format(format)
                .connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20)).build();
        try (GreetingClient client = Transports.get(transport).newClient(config)) {
            return client.fetch(new InetSocketAddress(TestNet.LOOPBACK, port));
        }
    }

    private static String config(Path dir, int daytime, int time) {
        // xinetd wants a user for a service only when it runs as root.
        String user = Peers.isRoot() ? "    user        = root\n" : "";
        return "# Generated by XinetdInteropTest: xinetd's internal daytime and time services on spare loopback ports.\n"
                + "defaults\n{\n    log_type = FILE " + dir.resolve("xinetd.log") + "\n}\n"
                + service("daytime", daytime, user) + service("time", time, user);
    }

    private static String service(String name, int port, String user) {
        return "service " + name + "\n{\n"
                + "    id          = greetwire-" + name + "-stream\n"
                + "    type        = INTERNAL UNLISTED\n"
                + "    socket_type = stream\n"
                + "    protocol    = tcp\n"
                + "    wait        = no\n"
                + user
                + "    bind        = 127.0.0.1\n"
                + "    port        = " + port + "\n"
                + "}\n";
    }
}
