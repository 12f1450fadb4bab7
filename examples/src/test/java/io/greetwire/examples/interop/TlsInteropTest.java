package io.greetwire.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greetwire.ClientConfig;
import io.greetwire.ClientTls;
import io.greetwire.Greeting;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerTls;
import io.greetwire.spi.Transports;
import io.greetwire.tck.TestCerts;
import io.greetwire.tck.TestNet;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS against the reference implementations: {@code openssl s_client} and {@code gnutls-cli} read
 * every server's greeting with its certificate verified; every client reads the seed's C server
 * behind {@code stunnel}; a Python ({@code ssl} module, i.e. OpenSSL) server that ends with
 * close_notify is read whole, and one that just closes the socket is a truncation.
 */
@Timeout(120)
class TlsInteropTest {
    private static final String TEXT = "hello over tls from greetwire";
    private static final String PYTHON_TEXT = "hello from python";

    private static GreetingServer server(String transport) throws Exception {
        TestCerts.Pair cert = TestCerts.server();
        GreetingServer s = Transports.get(transport).newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting(TEXT).tls(ServerTls.fromPem(cert.chain(), cert.key()).build()).build());
        s.start();
        return s;
    }

    private static ClientConfig.Builder client(GreetingFormat format) {
        return ClientConfig.builder().format(format).connectTimeout(Duration.ofSeconds(20)).readTimeout(Duration.ofSeconds(20))
                .tls(ClientTls.builder().trust(TestCerts.ca()).build());
    }

    /** {@code openssl s_client} verifies the chain and the IP address, then prints what the server sent. */
    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void opensslClientReadsEveryServer(String transport) throws Exception {
        Path openssl = Peers.find("openssl").orElse(null);
        Peers.assumePeer(openssl != null, () -> Peers.missing("openssl", "openssl"));
        try (GreetingServer server = server(transport)) {
            Child c = Child.run(List.of(openssl.toString(), "s_client", "-connect", "127.0.0.1:" + TestNet.port(server.localAddress()),
                    "-CAfile", TestCerts.ca().toString(), "-verify_return_error", "-verify_ip", "127.0.0.1", "-quiet"),
                    Peers.PROCESS_TIMEOUT);
            assertEquals(0, c.exitValue(), c::toString);
            assertEquals(TEXT, c.stdout());
            TestNet.await("greeted", Duration.ofSeconds(30), () -> server.stats().greeted() == 1, server::stats);
        }
    }

    /**
     * {@code gnutls-cli} verifies the chain and the name {@code localhost}, then prints what the
     * server sent. Its standard input stays open, as a user's terminal would: at end of input it
     * sends close_notify at once, and Netty 4.2.18's OpenSSL engine treats a received close_notify
     * as the end of both directions (see the README's TLS section).
     */
    @ParameterizedTest(name = "{0} server")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void gnutlsClientReadsEveryServer(String transport) throws Exception {
        Path gnutls = Peers.find("gnutls-cli").orElse(null);
        Peers.assumePeer(gnutls != null, () -> Peers.missing("gnutls-cli", "gnutls-bin"));
        try (GreetingServer server = server(transport)) {
            Process p = new ProcessBuilder(gnutls.toString(), "--x509cafile=" + TestCerts.ca(),
                    "--port=" + TestNet.port(server.localAddress()), "localhost").redirectErrorStream(true).start();
            try {
                java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return p.getInputStream().readAllBytes(); // to the end: gnutls-cli exits when the server closes
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                String out = new String(output.get(Peers.PROCESS_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor(Peers.PROCESS_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).as(out).isTrue();
                assertEquals(0, p.exitValue(), out);
                assertThat(out).contains("- Status: The certificate is trusted.", TEXT,
                        "- Peer has closed the GnuTLS connection"); // gnutls's words for close_notify
            } finally {
                p.destroyForcibly();
            }
            TestNet.await("greeted", Duration.ofSeconds(30), () -> server.stats().greeted() == 1, server::stats);
        }
    }

    /** The seed's C server behind stunnel: each client reads its 255 bytes over TLS. */
    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void everyClientReadsSeedServerBehindStunnel(String transport) throws Exception {
        Path gcc = Peers.find("gcc").orElse(null);
        Peers.assumePeer(gcc != null, () -> Peers.missing("gcc", "gcc"));
        Path seed = Peers.seedDir().orElse(null);
        Peers.assumePeer(seed != null, Peers::seedDirMissing);
        Path stunnel = Peers.find("stunnel4").or(() -> Peers.find("stunnel")).orElse(null);
        Peers.assumePeer(stunnel != null, () -> Peers.missing("stunnel4", "stunnel4"));
        assumeTrue(Peers.procNetTcp(), "no /proc/net/tcp to see when the peers listen (not Linux)");
        int backend = TestNet.portForAPeerToBind();
        int front = TestNet.portForAPeerToBind();
        while (front == backend) { // both were free, and the system may hand out the same one twice
            front = TestNet.portForAPeerToBind();
        }
        Path exe = Peers.compileSeed(gcc, seed, "seed-server", backend);
        Path conf = Peers.workDir("stunnel").resolve("seed-" + front + ".conf");
        TestCerts.Pair cert = TestCerts.server();
        Files.writeString(conf, "foreground = yes\npid =\n[seed]\naccept = 127.0.0.1:" + front + "\nconnect = 127.0.0.1:" + backend
                + "\ncert = " + cert.chain() + "\nkey = " + cert.key() + "\n");
        try (Child s = Child.start(List.of(exe.toString()));
                Child tunnel = Child.start(List.of(stunnel.toString(), conf.toString()));
                GreetingClient client = Transports.get(transport).newClient(client(GreetingFormat.SEED).build())) {
            Peers.awaitListening(backend, Peers.PROCESS_TIMEOUT, s);
            Peers.awaitListening(front, Peers.PROCESS_TIMEOUT, tunnel);
            assertThat(tunnel.isAlive()).as(tunnel::toString).isTrue(); // it, not someone else, listens there
            Greeting g = client.fetch(new InetSocketAddress(TestNet.LOOPBACK, front));
            assertEquals(GreetingFormat.SEED_LENGTH, g.length(), "the seed's server always sends BUFFER_SIZE bytes");
            Peers.assertNearNow(Peers.seedStamp(g.text()));
            assertThat(g.tlsProtocol()).contains("TLSv1.3");
            assertEquals(0, s.waitFor(Peers.PROCESS_TIMEOUT), s::toString);
        }
    }

    /** A Python server that ends with close_notify is read whole; one that only closes the socket is TRUNCATED. */
    @ParameterizedTest(name = "{0} client")
    @MethodSource("io.greetwire.examples.interop.Peers#transports")
    void pythonServerWithAndWithoutCloseNotify(String transport) throws Exception {
        Path python = Peers.find("python3").orElse(null);
        Peers.assumePeer(python != null, () -> Peers.missing("python3", "python3"));
        Path script = Peers.workDir("python").resolve("tls_server.py");
        Files.writeString(script, PYTHON_SERVER);
        TestCerts.Pair cert = TestCerts.server();
        try (Child whole = Child.start(List.of(python.toString(), script.toString(), cert.chain().toString(), cert.key().toString(), "close_notify"));
                Child cut = Child.start(List.of(python.toString(), script.toString(), cert.chain().toString(), cert.key().toString(), "cut"));
                GreetingClient client = Transports.get(transport).newClient(client(GreetingFormat.TEXT).build())) {
            int wholePort = Integer.parseInt(whole.awaitStdout("the port", Peers.PROCESS_TIMEOUT, o -> o.contains("\n")).trim());
            int cutPort = Integer.parseInt(cut.awaitStdout("the port", Peers.PROCESS_TIMEOUT, o -> o.contains("\n")).trim());
            assertEquals(PYTHON_TEXT, client.fetch(new InetSocketAddress(TestNet.LOOPBACK, wholePort)).text());
            assertThatThrownBy(() -> client.fetch(new InetSocketAddress(TestNet.LOOPBACK, cutPort)))
                    .isInstanceOfSatisfying(GreetingException.class,
                            e -> assertThat(e.kind()).isEqualTo(GreetingException.Kind.TRUNCATED));
        }
    }

    /** A TLS greeting server in Python's ssl module: with close_notify (SSL_shutdown) or without. */
    private static final String PYTHON_SERVER = String.join("\n",
            "import socket, ssl, sys",
            "cert, key, mode = sys.argv[1:4]",
            "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)",
            "ctx.load_cert_chain(cert, key)",
            "srv = socket.socket()",
            "srv.bind(('127.0.0.1', 0))",
            "srv.listen(8)",
            "print(srv.getsockname()[1], flush=True)",
            "while True:",
            "    c, _ = srv.accept()",
            "    try:",
            "        s = ctx.wrap_socket(c, server_side=True)",
            "        s.sendall(b'" + PYTHON_TEXT + "')",
            "        if mode == 'close_notify':",
            "            try:",
            "                s.unwrap().close()",
            "            except (OSError, ssl.SSLError):",
            "                pass",
            "        s.close()",
            "    except (OSError, ssl.SSLError) as e:",
            "        print(e, file=sys.stderr, flush=True)",
            "");
}
