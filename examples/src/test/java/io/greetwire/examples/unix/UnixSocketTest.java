package io.greetwire.examples.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.greetwire.ClientConfig;
import io.greetwire.ConnectionListener;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.tck.TestNet;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unix domain sockets on every transport: the conformance basics on every server × client pair
 * (each Netty engine counted as its own), then the socket file's life on every server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixSocketTest {
    @TempDir
    Path dir;

    static Stream<String> engines() {
        return UnixEngines.all();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> all = new ArrayList<>();
        for (String server : UnixEngines.ALL) {
            for (String client : UnixEngines.ALL) {
                all.add(Arguments.of(server, client));
            }
        }
        return all.stream();
    }

    private static GreetingServer server(String engine, ServerConfig.Builder b) {
        return UnixEngines.server(engine, b);
    }

    private static GreetingClient client(String engine, ClientConfig.Builder b) {
        return UnixEngines.client(engine, b);
    }

    private Path socket(String name) {
        return dir.resolve(name.replace('/', '-') + ".sock");
    }

    @ParameterizedTest(name = "{0} server, {1} client")
    @MethodSource("pairs")
    void fetch_overAUnixSocket(String serverEngine, String clientEngine) throws Exception {
        Path path = socket(serverEngine);
        List<SocketAddress> accepted = new CopyOnWriteArrayList<>();
        ConnectionListener listener = new ConnectionListener() {
            @Override public void onAccepted(SocketAddress remote) { accepted.add(remote); }
        };
        try (GreetingServer server = server(serverEngine, ServerConfig.builder().unixPath(path).listener(listener)
                     .drainTimeout(Duration.ofSeconds(1)));
             GreetingClient client = client(clientEngine, ClientConfig.builder())) {
            SocketAddress bound = server.start();
            assertThat(bound).isEqualTo(UnixDomainSocketAddress.of(path));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                    .isEqualTo(ServerConfig.DEFAULT_SOCKET_PERMISSIONS);

            Greeting g = client.fetch(bound);
            assertThat(g.text()).startsWith("welcome to our server.timestamp on server:");
            assertThat(g.length()).isEqualTo(GreetingFormat.SEED_LENGTH);
            assertThat(g.remoteAddress()).isEqualTo(bound);
            assertThat(g.localAddress()).isInstanceOf(UnixDomainSocketAddress.class);

            List<CompletableFuture<Greeting>> many = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                many.add(client.fetchAsync(bound));
            }
            for (CompletableFuture<Greeting> f : many) {
                assertThat(f.get(20, TimeUnit.SECONDS).length()).isEqualTo(GreetingFormat.SEED_LENGTH);
            }
            TestNet.await("21 greeted", Duration.ofSeconds(10), () -> server.stats().greeted() == 21, server::stats);
            assertThat(accepted).hasSize(21).allSatisfy(a -> assertThat(a).isInstanceOf(UnixDomainSocketAddress.class));
        }
        assertThat(path).as("the server removes its socket file on close").doesNotExist();
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void largeGreeting_andTheSocketFilesPermissions(String engine) throws Exception {
        Path path = socket(engine);
        String big = "u".repeat(4 << 20); // far more than the socket buffers: written in several steps
        try (GreetingServer server = server(engine, ServerConfig.builder().unixPath(path).format(GreetingFormat.TEXT)
                     .greeting(big).socketPermissions(PosixFilePermissions.fromString("rw-------")));
             GreetingClient client = client("nio", ClientConfig.builder().format(GreetingFormat.TEXT).maxGreetingBytes(8 << 20))) {
            server.start();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(client.fetch(server.localAddress()).length()).isEqualTo(big.length());
        }
    }

    /**
     * A client that shuts down its output while a greeting far larger than the socket's buffer is
     * being written, and reads on, gets all of it (the kit checks the same over TCP).
     */
    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void halfClosedPeer_stillGetsAllOfABigGreeting(String engine) throws Exception {
        assumeFalse(engine.equals("netty/io_uring"), "Netty 4.2.18's io_uring ignores ALLOW_HALF_CLOSURE on Unix"
                + " sockets and closes at the client's end of input, cutting the greeting (README: Security and limits)");
        Path path = socket(engine);
        String big = "h".repeat(4 << 20);
        try (GreetingServer server = server(engine, ServerConfig.builder().unixPath(path).format(GreetingFormat.TEXT)
                     .greeting(big).writeTimeout(Duration.ofSeconds(60)));
             SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.start();
            peer.connect(server.localAddress());
            TestNet.await("accepted", Duration.ofSeconds(20), () -> server.stats().accepted() == 1, server::stats);
            // Nothing read yet, and the socket holds a few hundred KiB: the write is still on at the FIN.
            peer.shutdownOutput();
            assertThat(server.stats().greeted()).isZero();
            byte[] got = java.nio.channels.Channels.newInputStream(peer).readAllBytes();
            assertThat(got.length).as("bytes read, %s", server.stats()).isEqualTo(big.length());
            TestNet.await("greeted", Duration.ofSeconds(20), () -> server.stats().greeted() == 1, server::stats);
            assertThat(server.stats().failed()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void writeTimeout_peerThatNeverReads_isDroppedAndCounted(String engine) throws Exception {
        Path path = socket(engine);
        try (GreetingServer server = server(engine, ServerConfig.builder().unixPath(path).format(GreetingFormat.TEXT)
                     .greeting("z".repeat(16 << 20)).writeTimeout(Duration.ofMillis(500)));
             SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.start();
            silent.connect(server.localAddress());
            TestNet.await("WRITE_TIMEOUT counted", Duration.ofSeconds(20),
                    () -> server.stats().failed(FailureReason.WRITE_TIMEOUT) == 1, server::stats);
            assertThat(server.stats().open()).isZero();
        }
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void close_drainsAGreetingInFlight_andTheLimitHolds(String engine) throws Exception {
        Path path = socket(engine);
        int size = 8 << 20; // far more than the socket buffers: the write waits for the reader
        GreetingServer server = server(engine, ServerConfig.builder().unixPath(path).format(GreetingFormat.TEXT)
                .greeting("d".repeat(size)).maxConnections(1).drainTimeout(Duration.ofSeconds(30)));
        Thread closer = new Thread(server::close, "test-closer");
        try (SocketChannel peer = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.start();
            peer.connect(server.localAddress());
            TestNet.await("the greeting in flight", Duration.ofSeconds(10), () -> server.stats().open() == 1, server::stats);
            try (SocketChannel over = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                over.connect(server.localAddress()); // a second one while the first is open: over the limit
                TestNet.await("OVER_LIMIT counted", Duration.ofSeconds(10),
                        () -> server.stats().failed(FailureReason.OVER_LIMIT) == 1, server::stats);
            }
            closer.start();
            // close() has begun once the server stops accepting: a connect is refused.
            TestNet.await("the server to stop accepting", Duration.ofSeconds(10), () -> refused(path));
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
            long total = 0;
            int n;
            while ((n = peer.read(buf.clear())) >= 0) {
                total += n;
            }
            assertThat(total).as("the whole greeting, drained by close()").isEqualTo(size);
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(closer.isAlive()).isFalse();
            assertThat(server.stats().greeted()).isEqualTo(1);
        } finally {
            server.close();
        }
        assertThat(path).doesNotExist();
    }

    private static boolean refused(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void staleSocketFile_isReplaced(String engine) throws Exception {
        Path path = socket(engine);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // closing leaves the file: a server that died
        }
        assertThat(path).exists();
        try (GreetingServer server = server(engine, ServerConfig.builder().unixPath(path));
             GreetingClient client = client("blocking", ClientConfig.builder())) {
            server.start();
            assertThat(client.fetch(server.localAddress()).length()).isEqualTo(GreetingFormat.SEED_LENGTH);
        }
        assertThat(path).doesNotExist();
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void regularFileAtThePath_isRefusedWithThePath_andKept(String engine) throws Exception {
        Path path = Files.writeString(socket(engine), "not a socket");
        try (GreetingServer server = server(engine, ServerConfig.builder().unixPath(path))) {
            assertThatThrownBy(server::start)
                    .isInstanceOf(FileAlreadyExistsException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("a regular file, not a socket");
        }
        assertThat(path).hasContent("not a socket");
    }

    @ParameterizedTest(name = "{0} server")
    @MethodSource("engines")
    void socketAnotherServerListensOn_isRefused_andKept(String engine) throws Exception {
        Path path = socket(engine);
        try (GreetingServer first = server(engine, ServerConfig.builder().unixPath(path))) {
            first.start();
            try (GreetingServer second = server(engine, ServerConfig.builder().unixPath(path))) {
                assertThatThrownBy(second::start)
                        .isInstanceOf(BindException.class)
                        .hasMessageContaining("unix:" + path)
                        .hasMessageContaining("listening");
            }
            try (GreetingClient client = client("nio", ClientConfig.builder())) {
                assertThat(client.fetch(first.localAddress()).length()).isEqualTo(GreetingFormat.SEED_LENGTH);
            }
        }
    }

    @ParameterizedTest(name = "{0} client")
    @MethodSource("engines")
    void client_noSocketFile_isRefused_namingThePath(String engine) throws Exception {
        Path path = socket(engine); // nothing there
        try (GreetingClient client = client(engine, ClientConfig.builder())) {
            assertThatThrownBy(() -> client.fetch(UnixDomainSocketAddress.of(path)))
                    .isInstanceOf(GreetingException.class)
                    .hasMessageContaining("unix:" + path)
                    .satisfies(e -> assertThat(((GreetingException) e).kind()).isEqualTo(GreetingException.Kind.CONNECT_REFUSED));
        }
    }

    @ParameterizedTest(name = "{0} client")
    @MethodSource("engines")
    void client_serverThatNeverAnswers_isAReadTimeout(String engine) throws Exception {
        Path path = socket(engine);
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             GreetingClient client = client(engine, ClientConfig.builder().readTimeout(Duration.ofMillis(300)))) {
            silent.bind(UnixDomainSocketAddress.of(path)); // the kernel completes the connect; nobody writes
            assertThatThrownBy(() -> client.fetch(UnixDomainSocketAddress.of(path)))
                    .isInstanceOf(GreetingException.class)
                    .satisfies(e -> assertThat(((GreetingException) e).kind()).isEqualTo(GreetingException.Kind.READ_TIMEOUT));
        }
    }

    @Test
    void pathTooLongForSunPath_isAClearErrorWithThePathAndTheLimit() {
        Path path = dir.resolve("d".repeat(120) + ".sock");
        assertThatThrownBy(() -> ServerConfig.builder().unixPath(path).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unixPath")
                .hasMessageContaining("at most " + ServerConfig.MAX_UNIX_PATH_BYTES + " bytes")
                .hasMessageContaining(path.toString());
    }

    @ParameterizedTest(name = "{0} client")
    @MethodSource("engines")
    void client_nobodyListening_isRefused_namingThePath(String engine) throws Exception {
        Path path = socket(engine);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path));
        }
        try (GreetingClient client = client(engine, ClientConfig.builder().connectTimeout(Duration.ofSeconds(5)))) {
            assertThatThrownBy(() -> client.fetch(UnixDomainSocketAddress.of(path)))
                    .isInstanceOf(GreetingException.class)
                    .hasMessageContaining("unix:" + path)
                    .satisfies(e -> assertThat(((GreetingException) e).kind()).isEqualTo(GreetingException.Kind.CONNECT_REFUSED));
        }
    }
}
