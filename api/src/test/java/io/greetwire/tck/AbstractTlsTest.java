package io.greetwire.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.FailureReason;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerTls;
import io.greetwire.TlsVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /** Whether both sides under test speak TLS over a Unix socket (the blocking transport does not). */
    protected boolean tlsOverUnix() {
        return true;
    }

    @Test
    void overAUnixSocketWithServerName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(tlsOverUnix(), "the blocking transport speaks TLS over TCP only");
        GreetingServer server = newServer(ServerConfig.builder().unixPath(dir.resolve("greet.sock")).greeting(TEXT)
                .tls(serverTls(TestCerts.server()).build()).drainTimeout(Duration.ofSeconds(2)).build());
        toClose.add(server);
        server.start();
        GreetingClient client = client(clientTls().serverName("localhost").build());
        for (int i = 0; i < 3; i++) {
            Greeting g = client.fetch(server.localAddress());
            assertThat(g.text()).isEqualTo(TEXT);
            assertThat(g.tlsProtocol()).contains("TLSv1.3");
            // a Unix socket has no port, which the JDK's session cache keys on: resumption must still work
            assertThat(g.tlsResumed()).as("fetch %d over the Unix socket: %s", i, g).isEqualTo(i > 0);
        }
        assertThatThrownBy(() -> client(clientTls().build()).fetch(server.localAddress()))
                .isInstanceOf(GreetingException.class).hasMessageContaining("serverName");
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

    @Test
    void aFinWithoutCloseNotifyIsTruncated() throws Exception {
        ServerTls tls = serverTls(TestCerts.server()).build();
        try (HostileServer cutter = HostileServer.start((s, t) -> {
            // TLS over the socket, then the plain socket's FIN: no close_notify.
            SSLSocket ssl = (SSLSocket) tls.sslContext().getSocketFactory().createSocket(s, null, s.getPort(), false);
            ssl.setUseClientMode(false);
            ssl.getOutputStream().write(TEXT.getBytes(StandardCharsets.US_ASCII));
            ssl.getOutputStream().flush();
            s.shutdownOutput();
            s.getInputStream().read(); // until the client goes
            s.close();
        })) {
            assertThatThrownBy(() -> client(clientTls().build()).fetch(cutter.address()))
                    .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED));
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
