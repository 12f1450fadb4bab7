package io.greetwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CtimeTest {
    @Test
    void format_isCsCtime() {
        assertThat(Ctime.format(Instant.parse("2026-11-05T09:03:07Z"), ZoneOffset.UTC)).isEqualTo("Thu Nov  5 09:03:07 2026\n");
        assertThat(Ctime.format(Instant.parse("2012-03-31T11:19:52Z"), ZoneOffset.UTC)).isEqualTo("Sat Mar 31 11:19:52 2012\n");
        assertThat(Ctime.format(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("Asia/Shanghai"))).isEqualTo("Thu Jan  1 08:00:00 2026\n");
    }

    @Test
    void parseTrailing_findsTheStampAtTheEnd() {
        assertThat(Ctime.parseTrailing("welcome to our server.timestamp on server:Sat Mar 31 11:19:52 2012\n", ZoneOffset.UTC))
                .contains(Instant.parse("2012-03-31T11:19:52Z"));
        assertThat(Ctime.parseTrailing("no stamp here at all, none", ZoneOffset.UTC)).isEmpty();
        assertThat(Ctime.parseTrailing("short", ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void parseTrailing_sameStampAgain_readsTheZoneAndTheTextOfEachCall() {
        String greeting = "welcome to our server.timestamp on server:Sat Mar 31 11:19:52 2012\n";
        assertThat(Ctime.parseTrailing(greeting, ZoneOffset.UTC)).contains(Instant.parse("2012-03-31T11:19:52Z"));
        // The same stamp in another zone, in another text, without its newline: each as if parsed afresh.
        assertThat(Ctime.parseTrailing(greeting, ZoneId.of("Asia/Shanghai"))).contains(Instant.parse("2012-03-31T03:19:52Z"));
        assertThat(Ctime.parseTrailing("other prefix Sat Mar 31 11:19:52 2012", ZoneOffset.UTC))
                .contains(Instant.parse("2012-03-31T11:19:52Z"));
        assertThat(Ctime.parseTrailing("welcome to our server.timestamp on server:Sat Mar 31 11:19:53 2012\n", ZoneOffset.UTC))
                .contains(Instant.parse("2012-03-31T11:19:53Z"));
        assertThat(Ctime.parseTrailing("welcome to our server.timestamp on server:Sat Mar 31 11:19:5x 2012\n", ZoneOffset.UTC)).isEmpty();
    }
}
