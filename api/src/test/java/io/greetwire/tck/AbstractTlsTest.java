package io.greetwire.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerTls;
import io.greetwire.TlsVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS conformance suite: what every server and client must do over TLS, the same way. A
 * module runs it by subclassing with a server factory and a client factory, which may come from
 * different transports (see the cross-transport matrix in the examples).
 *
 * <p>Certificates come from {@link TestCerts}; everything runs on loopback with ephemeral ports.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class AbstractTlsTest {
    protected static final String TEXT = "hello over tls";
    protected static final Duration DEADLINE = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** A new, unstarted server of the transport under test. */
    protected abstract GreetingServer newServer(ServerConfig config);

    /** A new client of the transport under test. */
    protected abstract GreetingClient newClient(ClientConfig config);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        toClose.clear();
    }

    protected static ServerTls.Builder serverTls(TestCerts.Pair pair) {
        return ServerTls.fromPem(pair.chain(), pair.key());
    }

    protected static ClientTls.Builder clientTls() {
        return ClientTls.builder().trust(TestCerts.ca());
    }

    protected GreetingServer started(ServerTls tls) throws IOException {
        GreetingServer s = newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .greeting(TEXT).tls(tls).writeTimeout(Duration.ofSeconds(5)).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(s);
        s.start();
        return s;
    }

    protected GreetingClient client(ClientTls tls) {
        GreetingClient c = newClient(ClientConfig.builder().tls(tls).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10)).build());
        toClose.add(c);
        return c;
    }

    private static InetSocketAddress address(GreetingServer s) {
        return TestNet.loopback(s.localAddress());
    }

    // ---- round trips ------------------------------------------------------------------------

    @Test
    void greetsOverTls13WithTheHandshakeTimed() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).build());
        Greeting g = client(clientTls().build()).fetch(address(server));
        assertThat(g.text()).isEqualTo(TEXT);
        assertThat(g.tlsProtocol()).contains("TLSv1.3");
        assertThat(g.tlsTime()).isPresent();
        assertThat(g.connectTime()).isLessThanOrEqualTo(g.tlsTime().get());
        assertThat(g.tlsTime().get()).isLessThanOrEqualTo(g.firstByteTime());
        assertThat(g.firstByteTime()).isLessThanOrEqualTo(g.totalTime());
        TestNet.await("greeted counted", DEADLINE, () -> server.stats().greeted() == 1, server::stats);
    }

    @Test
    void rsaKeyAndHostNameLocalhost() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.serverRsa()).build());
        Greeting g = client(clientTls().build()).fetch(new InetSocketAddress("localhost", TestNet.port(server.localAddress())));
        assertThat(g.text()).isEqualTo(TEXT);
    }

    @Test
    void aSecondFetchResumesTheSession() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).build());
        GreetingClient client = client(clientTls().build());
        Greeting first = client.fetch(address(server));
        Greeting second = client.fetch(address(server));
        assertThat(first.tlsResumed()).isFalse();
        assertThat(second.tlsResumed()).isTrue();
        assertThat(second.text()).isEqualTo(TEXT);
    }

    /**
     * What a benchmark of resumed handshakes relies on: the ticket a resumed handshake brings
     * resumes the next fetch, by {@code fetch} and by {@code fetchAsync} alike. One at a time:
     * the JDK uses each TLS 1.3 ticket once and its server sends one per handshake, so of
     * fetches started together only as many resume as the cache holds tickets.
     */
    @Test
    void everyFetchAfterTheFirstResumes() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).build());
        GreetingClient client = client(clientTls().build());
        assertThat(client.fetch(address(server)).tlsResumed()).isFalse();
        for (int i = 1; i <= 3; i++) {
            assertThat(client.fetch(address(server)).tlsResumed()).as("fetch %d after the first", i).isTrue();
            Greeting g = client.fetchAsync(address(server)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(g.text()).isEqualTo(TEXT);
            assertThat(g.tlsResumed()).as("fetchAsync %d after the first: %s", i, g).isTrue();
        }
    }

    @Test
    void tls12WhenBothAllowIt() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).versions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2).build());
        Greeting g = client(clientTls().versions(TlsVersion.TLS_1_2).build()).fetch(address(server));
        assertThat(g.text()).isEqualTo(TEXT);
        assertThat(g.tlsProtocol()).contains("TLSv1.2");
    }

    @Test
    void mutualTls() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).clientCa(TestCerts.ca()).build());
        TestCerts.Pair id = TestCerts.client();
        assertThat(client(clientTls().identity(id.chain(), id.key()).build()).fetch(address(server)).text()).isEqualTo(TEXT);
        assertThatThrownBy(() -> client(clientTls().build()).fetch(address(server)))
                .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS_HANDSHAKE));
        TestNet.await("handshake failure counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.TLS_HANDSHAKE) == 1, server::stats);
    }

    /** A started server on a Unix socket in {@code dir}. */
    protected GreetingServer startedUnix(ServerTls tls, Path dir) throws IOException {
        GreetingServer s = newServer(ServerConfig.builder().unixPath(dir.resolve("greet.sock")).greeting(TEXT)
                .tls(tls).writeTimeout(Duration.ofSeconds(5)).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(s);
        s.start();
        return s;
    }

    @Test
    void overAUnixSocketWithServerName(@TempDir Path dir) throws Exception {
        GreetingServer server = startedUnix(serverTls(TestCerts.server()).build(), dir);
        GreetingClient client = client(clientTls().serverName("localhost").build());
        for (int i = 0; i < 3; i++) {
            Greeting g = client.fetch(server.localAddress());
            assertThat(g.text()).isEqualTo(TEXT);
            assertThat(g.tlsProtocol()).contains("TLSv1.3");
            // a Unix socket has no port, which the JDK's session cache keys on: resumption must still work
            assertThat(g.tlsResumed()).as("fetch %d over the Unix socket: %s", i + 1, g).isEqualTo(i > 0);
        }
        assertThatThrownBy(() -> client(clientTls().build()).fetch(server.localAddress()))
                .isInstanceOf(GreetingException.class).hasMessageContaining("serverName");
        TestNet.await("greeted counted", DEADLINE, () -> server.stats().greeted() == 3, server::stats);
    }

    @Test
    void aLargeGreetingOverAUnixSocketArrivesWholeInManyRecords(@TempDir Path dir) throws Exception {
        String big = "0123456789abcdef".repeat(64 * 1024); // 1 MiB: 64 records of 16 KiB, more than the socket buffers hold
        GreetingServer server = newServer(ServerConfig.builder().unixPath(dir.resolve("big.sock")).format(GreetingFormat.TEXT)
                .greeting(big).tls(serverTls(TestCerts.server()).build()).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(server);
        server.start();
        GreetingClient c = newClient(ClientConfig.builder().format(GreetingFormat.TEXT).maxGreetingBytes(2 << 20)
                .tls(clientTls().serverName("localhost").build()).build());
        toClose.add(c);
        assertThat(c.fetch(server.localAddress()).text()).isEqualTo(big);
        TestNet.await("greeted counted", DEADLINE, () -> server.stats().greeted() == 1, server::stats);
    }

    @Test
    void aClientThatStopsReadingOverAUnixSocketIsDroppedAtTheWriteTimeout(@TempDir Path dir) throws Exception {
        String big = "w".repeat(32 << 20); // far more than the socket buffers on the way hold
        GreetingServer server = newServer(ServerConfig.builder().unixPath(dir.resolve("stuck.sock")).format(GreetingFormat.TEXT)
                .greeting(big).tls(serverTls(TestCerts.server()).build()).writeTimeout(Duration.ofMillis(500))
                .drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(server);
        server.start();
        // A JDK SSLSocket as the client (through a relay: it has no Unix sockets): it handshakes, then reads nothing.
        try (UnixRelay relay = UnixRelay.fromTcp((UnixDomainSocketAddress) server.localAddress());
             SSLSocket s = (SSLSocket) clientTls().serverName("localhost").build().sslContext().getSocketFactory()
                     .createSocket()) {
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("localhost")));
            s.setSSLParameters(p);
            s.connect(relay.address(), 5_000);
            s.setSoTimeout(10_000);
            s.startHandshake();
            TestNet.await("write timeout counted", DEADLINE,
                    () -> server.stats().failures().get(FailureReason.WRITE_TIMEOUT) == 1, server::stats);
        }
        assertThat(server.stats().greeted()).isZero();
    }

    /**
     * The never-reader bound holds over TLS too: a JDK {@code SSLSocket} that handshakes, then
     * reads nothing, with a small fixed receive buffer, leaves no more than the bounded send
     * buffer queued on the server for it.
     */
    @Test
    void overTcp_aClientThatNeverReads_leavesNoMoreThanTheBoundQueued() throws Exception {
        int bound = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
        GreetingServer server = newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("t".repeat(8 << 20)).tls(serverTls(TestCerts.server()).build())
                .sendBufferSize(bound).writeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(server);
        server.start();
        int port = TestNet.port(server.localAddress());
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        try (SSLSocket never = (SSLSocket) clientTls().build().sslContext().getSocketFactory().createSocket()) {
            never.setReceiveBufferSize(4096);
            never.connect(address(server), 5_000);
            never.setSoTimeout((int) DEADLINE.toMillis());
            never.startHandshake();
            // Queued and no longer growing: the write has stalled against the full buffers.
            long[] last = {-1};
            TestNet.await("the never-reader's queue settled", DEADLINE, () -> {
                long before = last[0];
                last[0] = TestNet.sendQueueBytes(port, never.getLocalPort());
                return last[0] > 0 && last[0] == before;
            }, () -> "queued " + last[0]);
            assertThat(last[0]).as("queued for a client that never read").isLessThanOrEqualTo(TestNet.sendQueueBound(bound));
            assertThat(server.stats().open()).as("its write still in progress").isEqualTo(1);
        }
    }

    /**
     * What the socket took is all a server counts as written for a TLS greeting cut at the write
     * timeout: a JDK {@code SSLSocket} that handshakes, then never reads an 8 MiB greeting, with a
     * small fixed receive buffer. Every greeting byte counted went to the client as ciphertext
     * (longer than the plaintext), so it sits in the server's send queue (at most
     * {@link TestNet#sendQueueBound} of the bound) or in the client's receive buffer (4 KiB,
     * which the kernel doubles; one loopback segment of up to 64 KiB allowed for). A server that
     * encrypted the greeting ahead of the socket must not count that as written.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void overTcp_aClientThatNeverReads_failsAtTheWriteTimeout_withOnlyWhatTheSocketTookCountedWritten() throws Exception {
        int bound = ServerConfig.DEFAULT_SEND_BUFFER_SIZE;
        int length = 8 << 20;
        GreetingServer server = newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting("c".repeat(length)).tls(serverTls(TestCerts.server()).build())
                .sendBufferSize(bound).writeTimeout(Duration.ofMillis(1500)).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(server);
        server.start();
        try (SSLSocket never = (SSLSocket) clientTls().build().sslContext().getSocketFactory().createSocket()) {
            never.setReceiveBufferSize(4096);
            never.connect(address(server), 5_000);
            never.setSoTimeout((int) DEADLINE.toMillis());
            never.startHandshake();
            TestNet.await("write timeout counted", DEADLINE,
                    () -> server.stats().failures().get(FailureReason.WRITE_TIMEOUT) == 1, server::stats);
        }
        assertThat(server.stats().greeted()).isZero();
        long clientSide = 2 * 4096 + 64 * 1024;
        assertThat(server.stats().bytesWritten()).as("bytes counted written of a %d-byte greeting", length)
                .isLessThanOrEqualTo(TestNet.sendQueueBound(bound) + clientSide);
    }

    @Test
    void anUntrustedCertificateOverAUnixSocket(@TempDir Path dir) throws Exception {
        GreetingServer server = startedUnix(serverTls(TestCerts.untrusted()).build(), dir);
        assertThatThrownBy(() -> client(clientTls().serverName("localhost").build()).fetch(server.localAddress()))
                .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS_HANDSHAKE))
                .hasMessageContaining("untrusted certificate");
        TestNet.await("handshake failure counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.TLS_HANDSHAKE) == 1, server::stats);
        assertThat(server.stats().greeted()).isZero();
    }

    // ---- the client refuses what it must ----------------------------------------------------

    @Test
    void untrustedCertificate() throws Exception {
        expectHandshakeFailure(TestCerts.untrusted(), clientTls().build(), "untrusted certificate");
    }

    @Test
    void expiredCertificate() throws Exception {
        expectHandshakeFailure(TestCerts.expired(), clientTls().build(), "expired certificate");
    }

    @Test
    void wrongName() throws Exception {
        expectHandshakeFailure(TestCerts.wrongName(), clientTls().build(), "name mismatch");
    }

    @Test
    void serverNameOverridesTheCheckedName() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.wrongName()).build());
        Greeting g = client(clientTls().serverName("wrong.example").build()).fetch(address(server));
        assertThat(g.text()).isEqualTo(TEXT);
    }

    @Test
    void noCommonProtocol() throws Exception {
        expectHandshakeFailure(TestCerts.server(), clientTls().versions(TlsVersion.TLS_1_2).build(), "no common protocol");
    }

    private void expectHandshakeFailure(TestCerts.Pair cert, ClientTls tls, String reason) throws Exception {
        GreetingServer server = started(serverTls(cert).build());
        InetSocketAddress a = address(server);
        assertThatThrownBy(() -> client(tls).fetch(a))
                .isInstanceOfSatisfying(GreetingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TLS_HANDSHAKE);
                    assertThat(e.server()).isEqualTo(a);
                })
                .hasMessageContaining(reason);
        TestNet.await("handshake failure counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.TLS_HANDSHAKE) == 1, server::stats);
    }

    @Test
    void aPlainServerIsNotTls() throws Exception {
        try (HostileServer plain = HostileServer.start((s, t) -> {
            s.getOutputStream().write("welcome\n".getBytes(StandardCharsets.US_ASCII));
            s.close();
        })) {
            assertThatThrownBy(() -> client(clientTls().build()).fetch(plain.address()))
                    .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TLS_HANDSHAKE));
        }
    }

    // ---- truncation ---------------------------------------------------------------------------

    /** Greets over TLS, then sends the plain socket's FIN: no close_notify. */
    private static HostileServer.Behaviour cutter() {
        ServerTls tls = serverTls(TestCerts.server()).build();
        return (s, t) -> {
            SSLSocket ssl = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(s, null, s.getPort(), false);
            ssl.setUseClientMode(false);
            ssl.getOutputStream().write(TEXT.getBytes(StandardCharsets.US_ASCII));
            ssl.getOutputStream().flush();
            s.shutdownOutput();
            s.getInputStream().read(); // until the client goes
            s.close();
        };
    }

    @Test
    void aFinWithoutCloseNotifyIsTruncated() throws Exception {
        try (HostileServer cutter = HostileServer.start(cutter())) {
            assertThatThrownBy(() -> client(clientTls().build()).fetch(cutter.address()))
                    .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
        }
    }

    @Test
    void aFinWithoutCloseNotifyOverAUnixSocketIsTruncated(@TempDir Path dir) throws Exception {
        try (HostileServer cutter = HostileServer.start(cutter());
             UnixRelay relay = UnixRelay.start(dir.resolve("cut.sock"), cutter.address())) {
            java.net.SocketAddress at = relay.address();
            assertThatThrownBy(() -> client(clientTls().serverName("localhost").build()).fetch(at))
                    .isInstanceOfSatisfying(GreetingException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.TRUNCATED);
                        assertThat(e.server()).isEqualTo(at);
                    })
                    .hasMessageContaining("close_notify");
        }
    }

    @Test
    void aServerSilentOverAUnixSocketIsAConnectTimeout(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("silent.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(path)); // connects complete in the backlog; nothing answers
            GreetingClient c = newClient(ClientConfig.builder().tls(clientTls().serverName("localhost").build())
                    .connectTimeout(Duration.ofMillis(300)).readTimeout(Duration.ofSeconds(10)).build());
            toClose.add(c);
            assertThatThrownBy(() -> c.fetch(UnixDomainSocketAddress.of(path)))
                    .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECT_TIMEOUT));
        }
    }

    // ---- the server drops what it must --------------------------------------------------------

    @Test
    void aStalledHandshakeIsDroppedAtTheHandshakeTimeout() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).handshakeTimeout(Duration.ofMillis(300)).build());
        try (Socket s = new Socket()) {
            s.connect(address(server), 5_000);
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00, 0x01}); // a ClientHello's first bytes, then nothing
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // whatever comes, the server must end the connection
                }
            } catch (IOException reset) {
                // a reset ends it too
            }
        }
        TestNet.await("handshake timeout counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.HANDSHAKE_TIMEOUT) == 1, server::stats);
        assertThat(server.stats().greeted()).isZero();
    }

    @Test
    void aStalledHandshakeOverAUnixSocketIsDroppedAtTheHandshakeTimeout(@TempDir Path dir) throws Exception {
        GreetingServer server = startedUnix(serverTls(TestCerts.server()).handshakeTimeout(Duration.ofMillis(300)).build(), dir);
        try (SocketChannel ch = SocketChannel.open(server.localAddress())) {
            ch.write(ByteBuffer.wrap(new byte[] {0x16, 0x03, 0x01, 0x01, 0x00, 0x01})); // a ClientHello's first bytes
            ByteBuffer sink = ByteBuffer.allocate(4096);
            try {
                while (ch.read(sink.clear()) >= 0) {
                    // whatever comes, the server must end the connection (the suite's @Timeout bounds this)
                }
            } catch (IOException reset) {
                // an error ends it too
            }
        }
        TestNet.await("handshake timeout counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.HANDSHAKE_TIMEOUT) == 1, server::stats);
        assertThat(server.stats().greeted()).isZero();
    }

    @Test
    void garbageOverAUnixSocketIsAHandshakeFailure(@TempDir Path dir) throws Exception {
        GreetingServer server = startedUnix(serverTls(TestCerts.server()).build(), dir);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (SocketChannel ch = SocketChannel.open(server.localAddress())) {
            ch.write(ByteBuffer.wrap(("GET / HTTP/1.0\r\nX-Padding: " + "x".repeat(4096) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer b = ByteBuffer.allocate(4096);
            try {
                while (ch.read(b.clear()) >= 0) { // the server must end it, long before the handshake timeout
                    got.write(b.array(), 0, b.position());
                }
            } catch (IOException reset) {
                // closed with our bytes unread: a Unix socket reports that as a reset
            }
        }
        assertThat(got.toString(StandardCharsets.ISO_8859_1)).doesNotContain(TEXT);
        TestNet.await("handshake failure counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.TLS_HANDSHAKE) == 1, server::stats);
        assertThat(server.stats().greeted()).isZero();
    }

    @Test
    void garbageInsteadOfAClientHelloIsAHandshakeFailure() throws Exception {
        GreetingServer server = started(serverTls(TestCerts.server()).build());
        try (Socket s = new Socket()) {
            s.connect(address(server), 5_000);
            // Longer than the record length its first bytes spell if read as an SSLv2 header.
            s.getOutputStream().write(("GET / HTTP/1.0\r\nX-Padding: " + "x".repeat(4096) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            byte[] all = s.getInputStream().readAllBytes(); // the server must end it, long before the handshake timeout
            assertThat(new String(all, StandardCharsets.ISO_8859_1)).doesNotContain(TEXT);
        } catch (java.net.SocketTimeoutException stillOpen) {
            throw new AssertionError("the server kept a connection that sent garbage open", stillOpen);
        } catch (IOException reset) {
            // a reset is a fine answer too
        }
        TestNet.await("handshake failure counted", DEADLINE,
                () -> server.stats().failures().get(FailureReason.TLS_HANDSHAKE) == 1, server::stats);
        assertThat(server.stats().greeted()).isZero();
    }
}
