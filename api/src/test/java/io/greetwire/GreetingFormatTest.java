package io.greetwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GreetingFormatTest {
    private static final Instant NOW = Instant.parse("2026-11-05T09:03:07Z");

    @Test
    void seed_encode_padsWithZerosTo255() {
        byte[] b = GreetingFormat.SEED.encode("hi\n", NOW);
        assertThat(b).hasSize(255);
        assertThat(new String(b, 0, 3, StandardCharsets.US_ASCII)).isEqualTo("hi\n");
        for (int i = 3; i < b.length; i++) {
            assertThat(b[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void seed_encode_holds254BytesAndNoMore() {
        assertThat(GreetingFormat.SEED.encode("a".repeat(254), NOW)).hasSize(255);
        assertThatThrownBy(() -> GreetingFormat.SEED.encode("é".repeat(128), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 254 bytes").hasMessageContaining("got 256");
    }

    @Test
    void seed_decode_readsTheCServersAnswerUpToTheNul() {
        // The C server sends 255 bytes: the text, a NUL, then whatever was on its stack.
        byte[] wire = new byte[255];
        Arrays.fill(wire, (byte) 0x7f);
        byte[] text = "welcome to our server.timestamp on server:Thu Nov  5 09:03:07 2026\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, wire, 0, text.length);
        wire[text.length] = 0;
        GreetingFormat.Decoded d = GreetingFormat.SEED.decode(wire, wire.length, false, ZoneOffset.UTC);
        assertThat(d.text()).isEqualTo(new String(text, StandardCharsets.US_ASCII));
        assertThat(d.time()).contains(NOW);
    }

    @Test
    void seed_decode_cutAnswer_isRefused() {
        assertThatThrownBy(() -> GreetingFormat.SEED.decode(new byte[100], 100, false, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255").hasMessageContaining("100");
    }

    @Test
    void text_decode_stopsAtTheFirstNul() {
        byte[] b = "abc\0def".getBytes(StandardCharsets.US_ASCII);
        assertThat(GreetingFormat.TEXT.decode(b, b.length, false, ZoneOffset.UTC).text()).isEqualTo("abc");
    }

    @Test
    void text_decode_invalidUtf8_isReplacedOrRefusedWhenStrict() {
        byte[] b = {'o', 'k', (byte) 0xC3, (byte) 0x28};
        assertThat(GreetingFormat.TEXT.decode(b, b.length, false, ZoneOffset.UTC).text()).isEqualTo("ok\uFFFD(");
        assertThatThrownBy(() -> GreetingFormat.TEXT.decode(b, b.length, true, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void daytime_encode_isOneAsciiLineWithCrlf() {
        byte[] b = GreetingFormat.DAYTIME.encode("Thu Nov  5 09:03:07 2026\n", NOW);
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("Thu Nov  5 09:03:07 2026\r\n");
    }

    @Test
    void daytime_encode_refusesLineBreaksAndNonAscii() {
        assertThatThrownBy(() -> GreetingFormat.DAYTIME.encode("a\nb", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+000A").hasMessageContaining("index 1");
        assertThatThrownBy(() -> GreetingFormat.DAYTIME.encode("café", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+00E9");
    }

    @Test
    void daytime_decode_needsTheLineEnd() {
        byte[] ok = "25 NOV 2026 19:04:50 UTC\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(GreetingFormat.DAYTIME.decode(ok, ok.length, false, ZoneOffset.UTC).text()).isEqualTo("25 NOV 2026 19:04:50 UTC");
        byte[] lf = "Thu Nov  5 09:03:07 2026\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(GreetingFormat.DAYTIME.decode(lf, lf.length, false, ZoneOffset.UTC).time()).contains(NOW);
        byte[] cut = "25 NOV 2026".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> GreetingFormat.DAYTIME.decode(cut, cut.length, false, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line end");
    }

    @Test
    void time_matchesRfc868Examples() {
        // RFC 868: 2,208,988,800 is 00:00 1 Jan 1970 GMT; 2,629,584,000 is 00:00 1 May 1983 GMT.
        assertThat(decodeTime(2_208_988_800L)).isEqualTo(Instant.parse("1970-01-01T00:00:00Z"));
        assertThat(decodeTime(2_629_584_000L)).isEqualTo(Instant.parse("1983-05-01T00:00:00Z"));
        byte[] b = GreetingFormat.TIME.encode("ignored", Instant.parse("1983-05-01T00:00:00.900Z"));
        assertThat(b).containsExactly(0x9C, 0xBC, 0x44, 0x80);
    }

    @Test
    void time_roundTripsAfterThe2036WrapAround() {
        Instant later = Instant.parse("2040-01-01T00:00:00Z");
        byte[] b = GreetingFormat.TIME.encode("", later);
        assertThat(GreetingFormat.TIME.decode(b, 4, false, ZoneOffset.UTC).time()).contains(later);
        byte[] now = GreetingFormat.TIME.encode("", NOW);
        assertThat(GreetingFormat.TIME.decode(now, 4, false, ZoneOffset.UTC).time()).contains(NOW);
    }

    @Test
    void time_decode_otherThanFourBytes_isRefused() {
        assertThatThrownBy(() -> GreetingFormat.TIME.decode(new byte[3], 3, false, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 bytes, got 3");
    }

    @Test
    void parse_knowsTheCliNames() {
        assertThat(GreetingFormat.parse("daytime")).isEqualTo(GreetingFormat.DAYTIME);
        assertThatThrownBy(() -> GreetingFormat.parse("xml")).hasMessageContaining("'xml'").hasMessageContaining("seed, text, daytime, time");
    }

    private static Instant decodeTime(long v) {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return GreetingFormat.TIME.decode(b, 4, false, ZoneOffset.UTC).serverTime();
    }
}
