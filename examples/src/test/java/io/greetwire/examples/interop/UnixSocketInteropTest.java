package io.greetwire.examples.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.examples.unix.UnixEngines;
import io.greetwire.tck.TestNet;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unix domain sockets against tools that are not Greetwire: {@code socat -u UNIX-CONNECT:PATH -}
 * and OpenBSD {@code nc -U PATH} read every Greetwire server; every Greetwire client reads
 * {@code socat UNIX-LISTEN:PATH,fork SYSTEM:...}.
 */
@Timeout(120)
class UnixSocketInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static Path peer(String name, String debianPackage) {
        Path p = Peers.find(name).orElse(null);
        Peers.assumePeer(p != null, () -> Peers.missing(name, debianPackage));
        return p;
    }

    private byte[] serveAndRead(String engine, GreetingFormat format, String text, List<String> reader) throws Exception {
        Path path = dir.resolve("greet.sock");
        ServerConfig.Builder b = ServerConfig.builder().unixPath(path).format(format).greeting(text);
        try (GreetingServer server = UnixEngines.server(engine, b)) {
            server.start();
            List<String> cmd = new java.util.ArrayList<>(reader);
            cmd.replaceAll(s -> s.replace("PATH", path.toString()));
            Child c = Child.run(cmd, Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            TestNet.await("the server to count the greeting", WAIT, () -> server.stats().greeted() == 1, server::stats);
            return c.stdoutBytes();
        }
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.unix.UnixEngines#all")
    void socatReadsOurServer(String engine) throws Exception {
        Path socat = peer("socat", "socat");
        String text = "hello over a unix socket from the greetwire " + engine + " server";
        byte[] got = serveAndRead(engine, GreetingFormat.TEXT, text, List.of(socat.toString(), "-u", "UNIX-CONNECT:PATH", "-"));
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), got);
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.unix.UnixEngines#all")
    void ncReadsOurServer_inDaytime(String engine) throws Exception {
        Path nc = peer("nc", "netcat-openbsd");
        String text = "daytime over a unix socket from " + engine;
        byte[] got = serveAndRead(engine, GreetingFormat.DAYTIME, text,
                List.of(nc.toString(), "-d", "-N", "-w", "10", "-U", "PATH"));
        assertArrayEquals((text + "\r\n").getBytes(StandardCharsets.US_ASCII), got);
    }

    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.unix.UnixEngines#all")
    void ourClientReadsSocat(String engine) throws Exception {
        Path socat = peer("socat", "socat");
        Path path = dir.resolve("socat.sock");
        String text = "hello from socat to the greetwire " + engine + " client";
        Path greeting = Files.writeString(dir.resolve("greeting.txt"), text); // no quoting through socat's parser
        try (Child server = Child.start(List.of(socat.toString(), "UNIX-LISTEN:" + path + ",fork",
                     "SYSTEM:cat " + greeting));
             GreetingClient client = UnixEngines.client(engine, ClientConfig.builder().format(GreetingFormat.TEXT))) {
            TestNet.await("socat to create " + path, WAIT, () -> Files.exists(path) || !server.isAlive(), server::toString);
            assertTrue(server.isAlive(), server::toString);
            for (int i = 0; i < 3; i++) { // fork: one child per connection
                assertEquals(text, client.fetch(UnixDomainSocketAddress.of(path)).text());
            }
        }
    }
}
