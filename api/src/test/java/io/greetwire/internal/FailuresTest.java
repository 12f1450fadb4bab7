package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.greetwire.FailureReason;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.internal.Failures.Cause;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classification of the failures that real sockets produce on this JDK (the build runs these
 * on JDK 17, CI again on JDK 25): the messages asserted here are the ones the classifier relies on.
 */
@Timeout(30)
class FailuresTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress SERVER = new InetSocketAddress(LOOPBACK, 20000);
    /** Writes to a reset peer before giving up: on loopback the first one fails. */
    private static final int MAX_WRITES = 10_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, LOOPBACK);
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    // ---- resets: the JDK tells them by message only --------------------------------------------

    @Test
    void blockingRead_afterThePeerReset_isResetOnBothSides() throws Exception {
        try (Socket client = connectAndResetPeer()) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            IOException e = catchThrowableOfType(IOException.class, () -> client.getInputStream().read());
            assertThat(e).isInstanceOf(SocketException.class).hasMessage("Connection reset");
            assertReset(e);
        }
    }

    @Test
    void blockingWrite_toAPeerThatReset_isReset() throws Exception {
        try (Socket client = connectAndResetPeer()) {
            IOException e = catchThrowableOfType(IOException.class, () -> {
                for (int i = 0; i < MAX_WRITES; i++) {
                    client.getOutputStream().write(new byte[1024]);
                }
            });
            // ECONNRESET for the first write after the reset arrived; EPIPE if one went before it.
            assertThat(e).isInstanceOf(SocketException.class).extracting(Throwable::getMessage)
                    .isIn("Connection reset by peer", "Broken pipe");
            assertReset(e);
        }
    }

    @Test
    void blockingWrite_afterAReadSawTheReset_isBrokenPipe_andReset() throws Exception {
        try (Socket client = connectAndResetPeer()) {
            client.setSoTimeout(READ_TIMEOUT_MILLIS);
            catchThrowableOfType(IOException.class, () -> client.getInputStream().read());
            IOException e = catchThrowableOfType(IOException.class, () -> client.getOutputStream().write(1));
            assertThat(e).isInstanceOf(SocketException.class).hasMessage("Broken pipe");
            assertReset(e);
        }
    }

    @Test
    void channelRead_afterThePeerReset_isReset() throws Exception {
        try (SocketChannel client = SocketChannel.open(listener.getLocalSocketAddress())) {
            resetPeer();
            IOException e = catchThrowableOfType(IOException.class, () -> client.read(ByteBuffer.allocate(16)));
            assertThat(e).isInstanceOf(SocketException.class).hasMessage("Connection reset");
            assertReset(e);
        }
    }

    @Test
    void channelWrite_toAPeerThatReset_isReset() throws Exception {
        try (SocketChannel client = SocketChannel.open(listener.getLocalSocketAddress())) {
            resetPeer();
            IOException e = catchThrowableOfType(IOException.class, () -> {
                for (int i = 0; i < MAX_WRITES; i++) {
                    client.write(ByteBuffer.allocate(1024));
                }
            });
            // A plain IOException: nothing but the message tells.
            assertThat(e.getMessage()).isIn("Connection reset by peer", "Broken pipe");
            assertReset(e);
        }
    }

    // ---- connect failures ----------------------------------------------------------------------

    @Test
    void connect_toAPortNobodyListensOn_isRefused() throws Exception {
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(LOOPBACK, 0)); // bound, not listening: a SYN gets a RST
            InetSocketAddress address = (InetSocketAddress) holder.getLocalSocketAddress();
            IOException blocking = catchThrowableOfType(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(address, READ_TIMEOUT_MILLIS);
                }
            });
            IOException channel = catchThrowableOfType(IOException.class, () -> {
                try (SocketChannel ch = SocketChannel.open()) {
                    ch.connect(address);
                }
            });
            for (IOException e : new IOException[] {blocking, channel}) {
                assertThat(e).isInstanceOf(ConnectException.class).hasMessage("Connection refused");
                assertThat(Failures.causeOf(e)).isEqualTo(Cause.REFUSED);
                GreetingException ge = Failures.classify(e, address, false, 0);
                assertThat(ge.kind()).isEqualTo(Kind.CONNECT_REFUSED);
                assertThat(ge.server()).isEqualTo(address);
                assertThat(ge).hasCause(e);
            }
        }
    }

    @Test
    void connectException_isToldApartByItsMessage_asNettyReportsThem() {
        assertThat(Failures.causeOf(new ConnectException("finishConnect(..) failed: Connection refused: /127.0.0.1:1")))
                .isEqualTo(Cause.REFUSED);
        // A handshake reset at once: no refusal, and RESET to a client that had not seen it complete.
        ConnectException reset = new ConnectException("finishConnect(..) failed: Connection reset by peer");
        assertThat(Failures.causeOf(reset)).isEqualTo(Cause.RESET);
        assertThat(Failures.classify(reset, SERVER, false, 0).kind()).isEqualTo(Kind.RESET);
        ConnectException timedOut = new ConnectException("connection timed out after 5000 ms: /10.0.0.1:20000");
        assertThat(Failures.classify(timedOut, SERVER, false, 0).kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
        ConnectException other = new ConnectException("connect(..) failed: Cannot assign requested address");
        assertThat(Failures.classify(other, SERVER, false, 0).kind()).isEqualTo(Kind.IO);
    }

    // ---- Unix domain sockets ------------------------------------------------------------------

    @Test
    void unixConnect_toAMissingPathOrAStaleSocket_isRefused(@TempDir Path dir) throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(stale)); // closed without unlinking: nobody listens
        }
        for (Path path : new Path[] {dir.resolve("missing.sock"), stale}) {
            UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
            IOException e = catchThrowableOfType(IOException.class, () -> {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(address);
                }
            });
            assertThat(e.getMessage()).isIn("No such file or directory", "Connection refused");
            assertThat(Failures.causeOf(e)).as("%s", e).isEqualTo(Cause.REFUSED);
            assertThat(Failures.classify(e, address, false, 0).kind()).isEqualTo(Kind.CONNECT_REFUSED);
        }
        assertThat(Failures.causeOf(new java.io.FileNotFoundException())).isEqualTo(Cause.REFUSED); // Netty's ENOENT
    }

    @Test
    void unixPeerClosingWithUnreadData_isReset_andAWriteAfterIsBrokenPipe(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(address);
            try (SocketChannel client = SocketChannel.open(address)) {
                client.write(ByteBuffer.allocate(16));
                s.accept().close(); // 16 bytes unread: the kernel reports a reset, as TCP's RST
                IOException read = catchThrowableOfType(IOException.class, () -> client.read(ByteBuffer.allocate(16)));
                assertThat(read).isInstanceOf(SocketException.class).hasMessage("Connection reset");
                assertReset(read);
                IOException write = catchThrowableOfType(IOException.class, () -> client.write(ByteBuffer.allocate(16)));
                assertThat(write).hasMessage("Broken pipe");
                assertReset(write);
            }
        }
    }

    // ---- by type --------------------------------------------------------------------------------

    @Test
    void readTimeout_isReadTimeoutOnceConnected_connectTimeoutBefore() throws Exception {
        try (Socket client = new Socket(LOOPBACK, listener.getLocalPort()); Socket peer = listener.accept()) {
            client.setSoTimeout(1); // the peer never writes: the read times out whatever the machine's speed
            IOException e = catchThrowableOfType(IOException.class, () -> client.getInputStream().read());
            assertThat(e).isInstanceOf(SocketTimeoutException.class);
            assertThat(Failures.causeOf(e)).isEqualTo(Cause.TIMEOUT);
            assertThat(Failures.classify(e, SERVER, true, 3).kind()).isEqualTo(Kind.READ_TIMEOUT);
            assertThat(Failures.classify(e, SERVER, false, 0).kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
            assertThat(Failures.serverReason(e)).isEqualTo(FailureReason.IO);
        }
    }

    @Test
    void closedChannel_isClosed_whateverItsMessage() throws Exception {
        SocketChannel ch = SocketChannel.open(listener.getLocalSocketAddress());
        ch.close();
        IOException e = catchThrowableOfType(IOException.class, () -> ch.read(ByteBuffer.allocate(1)));
        assertThat(Failures.causeOf(e)).isEqualTo(Cause.CLOSED);
        assertThat(Failures.classify(e, SERVER, true, 0).kind()).isEqualTo(Kind.CLOSED);
        assertThat(Failures.causeOf(new AsynchronousCloseException())).isEqualTo(Cause.CLOSED);
    }

    @Test
    void theTypeDecides_beforeTheMessage() {
        assertThat(Failures.causeOf(new SocketTimeoutException("Connection reset"))).isEqualTo(Cause.TIMEOUT);
        assertThat(Failures.causeOf(new NoRouteToHostException("Connection refused"))).isEqualTo(Cause.UNREACHABLE);
        assertThat(Failures.causeOf(new PortUnreachableException())).isEqualTo(Cause.UNREACHABLE);
        assertThat(Failures.classify(new NoRouteToHostException(), SERVER, false, 0).kind()).isEqualTo(Kind.IO);
        // ETIMEDOUT on an established connection is no read timeout of ours.
        assertThat(Failures.classify(new IOException("Connection timed out"), SERVER, true, 0).kind()).isEqualTo(Kind.IO);
        assertThat(Failures.causeOf(new IOException((String) null))).isEqualTo(Cause.OTHER);
    }

    @Test
    void futureWrappers_areLookedThrough_andAGreetingExceptionIsKept() {
        SocketException reset = new SocketException("Connection reset");
        Throwable wrapped = new CompletionException(new ExecutionException(reset));
        assertThat(Failures.causeOf(wrapped)).isEqualTo(Cause.RESET);
        assertThat(Failures.classify(wrapped, SERVER, true, 5)).hasCause(reset).hasMessageContaining("after 5 bytes");
        GreetingException ge = new GreetingException(Kind.TOO_LARGE, SERVER, "too big");
        assertThat(Failures.classify(new CompletionException(ge), SERVER, true, 0)).isSameAs(ge);
    }

    @Test
    void everyCause_hasOneWordOnEachSide() {
        for (Cause c : Cause.values()) {
            FailureReason server = Failures.serverReason(c);
            Kind client = Failures.clientKind(c, true);
            if (c == Cause.RESET) {
                assertThat(server).isEqualTo(FailureReason.RESET);
                assertThat(client).isEqualTo(Kind.RESET);
                assertThat(Failures.clientKind(c, false)).isEqualTo(Kind.RESET);
            } else {
                assertThat(server).isEqualTo(FailureReason.IO);
                assertThat(client).isNotEqualTo(Kind.RESET);
            }
        }
    }

    private Socket connectAndResetPeer() throws IOException {
        Socket client = new Socket(LOOPBACK, listener.getLocalPort());
        resetPeer();
        return client;
    }

    /** Accepts the pending connection and closes it with a RST (SO_LINGER 0). */
    private void resetPeer() throws IOException {
        Socket peer = listener.accept();
        peer.setSoLinger(true, 0);
        peer.close();
    }

    private static void assertReset(IOException e) {
        assertThat(Failures.causeOf(e)).as("%s", e).isEqualTo(Cause.RESET);
        assertThat(Failures.serverReason(e)).isEqualTo(FailureReason.RESET);
        assertThat(Failures.classify(e, SERVER, true, 7).kind()).isEqualTo(Kind.RESET);
    }
}
