package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientConfig;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's own C programs ({@code ../shared/seed/}), compiled with gcc with the port changed as
 * the seed's README shows, against every Greetwire transport and the CLI. The seed's server serves
 * one client, exits, and cannot rebind a port in TIME_WAIT: every test compiles it for a fresh port.
 */
@Timeout(120)
class SeedProgramsInteropTest {
    private Path gcc;
    private Path seed;

    @BeforeEach
    void peers() {
        gcc = Peers.find("gcc").orElse(null);
        Peers.assumePeer(gcc != null, () -> Peers.missing("gcc", "gcc"));
        seed = Peers.seedDir().orElse(null);
        Peers.assumePeer(seed != null, Peers::seedDirMissing);
        assumeTrue(Peers.procNetTcp(), "no /proc/net/tcp to see when the seed's server listens (not Linux)");
    }

    /** The seed's client prints {@code frome server 127.0.0.1:}, a tab and the greeting, read from a Greetwire server. */
    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void seedClientReadsEveryServer(String transport) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0).format(GreetingFormat.SEED).build();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            int port = TestNet.port(server.start());
            Path client = Peers.compileSeed(gcc, seed, "seed-client", port);
            Child c = Child.run(List.of(client.toString(), "127.0.0.1"), Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            assertSeedClientOutput(c.stdout());
            TestNet.await("the server to count the greeting", Duration.ofSeconds(30), () -> server.stats().greeted() == 1);
        }
    }

    /** Every Greetwire client reads the seed server's 255 bytes: the text up to the NUL, then its leftover stack bytes. */
    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void everyClientReadsSeedServer(String transport) throws Exception {
        int[] port = new int[1];
        try (Child s = startSeedServer(port);
                GreetingClient client = Transports.get(transport).newClient(ClientConfig.builder()
                        .format(GreetingFormat.SEED).connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20)).build())) {
            Greeting g = client.fetch(new InetSocketAddress(TestNet.LOOPBACK, port[0]));
            assertEquals(GreetingFormat.SEED_LENGTH, g.length(), "the seed's server always sends BUFFER_SIZE bytes");
            Peers.assertNearNow(Peers.seedStamp(g.text()));
            assertEquals(0, g.bytes()[g.text().length()], "a NUL ends the seed's text");
            assertTrue(g.serverTime().isPresent(), "the trailing ctime stamp is read as the server's time");
            Peers.assertNearNow(g.serverTime().get());
            assertEquals(0, s.waitFor(Peers.PROCESS_TIMEOUT), s::toString);
            assertEquals("connect from client: IP: 127.0.0.1, Port: " + TestNet.port(g.localAddress()) + "\n", s.stdout());
        }
    }

    /** {@code greetwire client} reads the seed's server. */
    @Test
    void cliClientReadsSeedServer() throws Exception {
        int[] port = new int[1];
        try (Child s = startSeedServer(port)) {
            Child c = Child.run(Peers.cli("client", "127.0.0.1", "--port", String.valueOf(port[0]),
                    "--connect-timeout", "20", "--read-timeout", "20"), Duration.ofSeconds(60));
            assertEquals(0, c.exitValue(), c::toString);
            String out = c.stdout();
            assertTrue(out.startsWith("from server 127.0.0.1:\n\t"), out);
            Peers.assertNearNow(Peers.seedStamp(out.substring("from server 127.0.0.1:\n\t".length())));
            assertEquals(0, s.waitFor(Peers.PROCESS_TIMEOUT), s::toString);
        }
    }

    /** The seed's client reads {@code greetwire server}. */
    @Test
    void seedClientReadsCliServer() throws Exception {
        try (Child server = Child.start(Peers.cli("server", "--bind", "127.0.0.1", "--port", "0"))) {
            String out = server.awaitStdout("listening on", Duration.ofSeconds(60), o -> o.contains("\n"));
            Matcher m = Pattern.compile("^listening on 127\\.0\\.0\\.1:(\\d+) transport=blocking format=seed\n").matcher(out);
            assertTrue(m.find(), out);
            int port = Integer.parseInt(m.group(1));
            Path client = Peers.compileSeed(gcc, seed, "seed-client", port);
            Child c = Child.run(List.of(client.toString(), "127.0.0.1"), Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            assertSeedClientOutput(c.stdout());
            server.awaitStdout("the server's line for the connection", Duration.ofSeconds(30),
                    o -> o.contains("connect from client: IP: 127.0.0.1, Port: "));
        }
    }

    /**
     * The seed's server, compiled for a port chosen before it binds it (its port is a #define):
     * when another process took the port meanwhile, the server exits, and a new port is tried.
     * The port it listens on goes to {@code port[0]}.
     */
    private Child startSeedServer(int[] port) throws Exception {
        AssertionError last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            port[0] = TestNet.portForAPeerToBind();
            Path server = Peers.compileSeed(gcc, seed, "seed-server", port[0]);
            Child s = Child.start(List.of(server.toString()));
            try {
                Peers.awaitListening(port[0], Peers.PROCESS_TIMEOUT, s);
                return s;
            } catch (AssertionError e) {
                last = e;
                s.close();
            }
        }
        throw last;
    }

    private static void assertSeedClientOutput(String out) {
        String head = "frome server 127.0.0.1:\n\t";
        assertTrue(out.startsWith(head), () -> "seed client printed: '" + out + "'");
        Peers.assertNearNow(Peers.seedStamp(out.substring(head.length())));
    }
}
