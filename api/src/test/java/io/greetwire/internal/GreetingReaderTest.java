package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greetwire.ClientConfig;
import io.greetwire.GreetingException;
import io.greetwire.GreetingException.Kind;
import io.greetwire.GreetingFormat;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GreetingReaderTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 20000);

    private static GreetingReader reader(int max) {
        return new GreetingReader(ClientConfig.builder().format(GreetingFormat.TEXT).maxGreetingBytes(max).build(), SERVER);
    }

    @Test
    void finish_decodesWhatArrived_withOrderedTimings() throws Exception {
        GreetingReader r = reader(100);
        r.connected(new InetSocketAddress("127.0.0.1", 40000));
        r.append(ByteBuffer.wrap("hel".getBytes(StandardCharsets.US_ASCII)));
        r.append("lo".getBytes(StandardCharsets.US_ASCII), 0, 2);
        var g = r.finish();
        assertThat(g.text()).isEqualTo("hello");
        assertThat(g.remoteAddress()).isEqualTo(SERVER);
        assertThat(g.connectTime()).isLessThanOrEqualTo(g.firstByteTime());
        assertThat(g.firstByteTime()).isLessThanOrEqualTo(g.totalTime());
    }

    @Test
    void append_pastTheMaximum_isTooLargeAtOnce() throws Exception {
        GreetingReader r = reader(10);
        r.append(new byte[10], 0, 10);
        assertThat(r.readLimit()).isEqualTo(1);
        assertThatThrownBy(() -> r.append(new byte[1], 0, 1))
                .isInstanceOfSatisfying(GreetingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains("127.0.0.1:20000").contains("maxGreetingBytes=10");
                });
    }

    @Test
    void append_manyPiecesOfAGreetingOfSeveralMegabytes_keepsEveryByteInOrder() throws Exception {
        int total = 5 * (1 << 20) + 12_345;
        GreetingReader r = reader(8 << 20);
        byte[] chunk = new byte[7_919]; // a prime, so pieces and chunks never line up
        int written = 0;
        while (written < total) {
            int n = Math.min(chunk.length, total - written);
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ('a' + (written + i) % 26);
            }
            if ((written / chunk.length) % 2 == 0) {
                r.append(chunk, 0, n);
            } else {
                r.append(ByteBuffer.wrap(chunk, 0, n));
            }
            written += n;
        }
        var g = r.finish();
        assertThat(g.length()).isEqualTo(total);
        byte[] b = g.bytes();
        for (int i = 0; i < total; i += 4_099) {
            assertThat(b[i]).as("byte %d", i).isEqualTo((byte) ('a' + i % 26));
        }
        assertThat(g.text()).hasSize(total).startsWith("abcdef");
    }

    @Test
    void finish_nothingArrived_isClosed() {
        assertThatThrownBy(() -> reader(10).finish())
                .isInstanceOfSatisfying(GreetingException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
    }

    @Test
    void finish_wrongShape_isMalformed() throws Exception {
        GreetingReader r = new GreetingReader(ClientConfig.builder().format(GreetingFormat.TIME).build(), SERVER);
        r.append(new byte[3], 0, 3);
        assertThatThrownBy(r::finish)
                .isInstanceOfSatisfying(GreetingException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
                    assertThat(e.getMessage()).contains("4 bytes, got 3");
                });
    }

    @Test
    void failure_tellsAFailedConnectFromAFailedRead_byWhetherConnectWasCalled() throws Exception {
        GreetingReader r = reader(100);
        SocketTimeoutException timeout = new SocketTimeoutException("timed out");
        assertThat(r.failure(timeout).kind()).isEqualTo(Kind.CONNECT_TIMEOUT);
        r.connected(new InetSocketAddress("127.0.0.1", 40000));
        r.append(new byte[7], 0, 7);
        GreetingException e = r.failure(timeout);
        assertThat(e.kind()).isEqualTo(Kind.READ_TIMEOUT);
        assertThat(e.getMessage()).contains("after 7 bytes").contains("127.0.0.1:20000");
        assertThat(r.failure(Failures.Cause.RESET, new IOException("whatever the transport said")).kind())
                .isEqualTo(Kind.RESET);
    }
}
