package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestNet;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenBSD netcat ({@code nc -d -N -w 10 HOST PORT}: read nothing from stdin, quit at the server's
 * EOF, give up after 10 s of silence) against every Greetwire server, in {@code text} and
 * {@code daytime}, over 127.0.0.1 and over ::1; and as a half-closed client ({@code nc -N} without
 * {@code -d}) of a big greeting.
 */
@Timeout(120)
class NetcatInteropTest {
    private Path nc;

    @BeforeEach
    void peer() throws Exception {
        nc = Peers.find("nc").orElse(null);
        Peers.assumePeer(nc != null, () -> Peers.missing("nc", "netcat-openbsd"));
        Child help = Child.run(List.of(nc.toString(), "-h"), Peers.PROCESS_TIMEOUT);
        Peers.assumePeer((help.stdout() + help.stderr()).contains("OpenBSD netcat"),
                () -> nc + " is not OpenBSD netcat (its -d, -N and -w differ); install it: apt-get install netcat-openbsd");
    }

    static Stream<Arguments> transportsAndFormats() {
        return Peers.transports().flatMap(t -> Stream.of(
                Arguments.of(t, GreetingFormat.TEXT), Arguments.of(t, GreetingFormat.DAYTIME)));
    }

    @ParameterizedTest(name = "{0} server, {1}")
    @MethodSource("transportsAndFormats")
    void ncPrintsTheGreeting(String transport, GreetingFormat format) throws Exception {
        String text = "hello from the greetwire " + transport + " server in " + format.name().toLowerCase(Locale.ROOT);
        byte[] expected = (format == GreetingFormat.DAYTIME ? text + "\r\n" : text).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, serveAndRead(transport, format, TestNet.LOOPBACK, text, false, false));
    }

    /**
     * Without {@code -d}, nc reads its stdin (here /dev/null) to the end and, with {@code -N},
     * shuts down its sending side at once: the server sees a FIN while it writes a greeting far
     * larger than both sockets' buffers. The client still reads on, and gets all of it. (The
     * kit's {@code peerHalfClosingDuringTheGreeting_stillGetsAllOfIt} makes sure of the order.)
     */
    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void ncThatHalfClosesAtOnce_stillPrintsAllOfABigGreeting(String transport) throws Exception {
        String big = "n".repeat(16 << 20);
        byte[] got = serveAndRead(transport, GreetingFormat.TEXT, TestNet.LOOPBACK, big, false, true);
        assertEquals(big.length(), got.length);
        int wrong = -1;
        for (int i = 0; i < got.length && wrong < 0; i++) {
            wrong = got[i] == 'n' ? -1 : i;
        }
        assertEquals(-1, wrong, "where the output first differs from the greeting");
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void ncOverIpv6(String transport) throws Exception {
        InetAddress v6 = TestNet.ipv6Loopback();
        assumeTrue(v6 != null, "::1 cannot be bound here (no IPv6 on loopback)");
        String text = "hello over ::1 from the greetwire " + transport + " server";
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), serveAndRead(transport, GreetingFormat.TEXT, v6, text, true, false));
    }

    /** Serves {@code text} and reads it with nc; {@code halfClose}: nc sends its FIN at once (no {@code -d}). */
    private byte[] serveAndRead(String transport, GreetingFormat format, InetAddress bind, String text, boolean ipv6,
                                boolean halfClose) throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(bind).port(0).format(format).greeting(text).build();
        try (GreetingServer server = Transports.get(transport).newServer(config)) {
            int port = TestNet.port(server.start());
            List<String> cmd = new ArrayList<>(List.of(nc.toString()));
            if (ipv6) {
                cmd.add("-6");
            }
            if (!halfClose) {
                cmd.add("-d");
            }
            cmd.addAll(List.of("-N", "-w", "10", ipv6 ? "::1" : "127.0.0.1", String.valueOf(port)));
            Child c = Child.run(cmd, Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            TestNet.await("the server to count the greeting", Duration.ofSeconds(30),
                    () -> server.stats().greeted() + server.stats().failed() == 1);
            assertEquals(1, server.stats().greeted(), server.stats()::toString);
            return c.stdoutBytes();
        }
    }
}
