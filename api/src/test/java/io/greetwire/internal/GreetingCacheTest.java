package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.GreetingFormat;
import io.greetwire.GreetingSource;
import io.greetwire.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GreetingCacheTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        long millis;

        ManualClock(long millis) { this.millis = millis; }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
        @Override public long millis() { return millis; }
    }

    @Test
    void fixed_isEncodedOnceAndShared() {
        GreetingCache cache = new GreetingCache(ServerConfig.builder().greeting("hi").build());
        assertThat(cache.greetingFor(null, null)).isSameAs(cache.greetingFor(null, null));
        assertThat(cache.needsAddresses()).isFalse();
    }

    @Test
    void perSecond_isEncodedOncePerSecond() {
        ManualClock clock = new ManualClock(1_000_000_000L);
        AtomicInteger calls = new AtomicInteger();
        GreetingCache cache = new GreetingCache(ServerConfig.builder().clock(clock)
                .source(GreetingSource.perSecond((now, zone) -> "t" + calls.incrementAndGet())).build());
        int base = calls.get();
        EncodedGreeting a = cache.greetingFor(null, null);
        clock.millis += 999;
        assertThat(cache.greetingFor(null, null)).isSameAs(a);
        clock.millis += 1;
        EncodedGreeting b = cache.greetingFor(null, null);
        assertThat(b).isNotSameAs(a);
        assertThat(calls.get() - base).isEqualTo(2);
    }

    @Test
    void time_changesOncePerSecondWhateverTheSource() {
        ManualClock clock = new ManualClock(5_000L);
        GreetingCache cache = new GreetingCache(ServerConfig.builder().clock(clock).format(GreetingFormat.TIME)
                .greeting("fixed text is ignored").build());
        EncodedGreeting a = cache.greetingFor(null, null);
        clock.millis += 1_000;
        EncodedGreeting b = cache.greetingFor(null, null);
        assertThat(b.toByteArray()).isNotEqualTo(a.toByteArray());
        assertThat(b.length()).isEqualTo(4);
    }

    @Test
    void perConnection_seesTheAddresses() {
        GreetingCache cache = new GreetingCache(ServerConfig.builder().format(GreetingFormat.TEXT)
                .source(GreetingSource.perConnection(c -> "to " + ((InetSocketAddress) c.remote()).getPort())).build());
        assertThat(cache.needsAddresses()).isTrue();
        EncodedGreeting g = cache.greetingFor(new InetSocketAddress("127.0.0.1", 4242), null);
        assertThat(new String(g.toByteArray(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("to 4242");
    }

    @Test
    void directBuffer_isOneSharedBufferWithOwnPositions() {
        EncodedGreeting g = new EncodedGreeting(new byte[] {1, 2, 3});
        var a = g.directBuffer();
        var b = g.directBuffer();
        a.get();
        assertThat(a.remaining()).isEqualTo(2);
        assertThat(b.remaining()).isEqualTo(3);
        assertThat(a.isReadOnly()).isTrue();
        assertThat(a.isDirect()).isTrue();
        String once = g.attachment(x -> "once");
        String twice = g.attachment(x -> "twice");
        assertThat(twice).isSameAs(once);
    }
}
