package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.greetwire.ClientConfig;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

class TlsFetchTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 20000);

    /** A session as the JDK makes them: its creation time, and bound values it may share with its copies. */
    private static SSLSession session(long creationMillis, Map<String, Object> values) {
        SSLSession s = mock(SSLSession.class);
        when(s.getCreationTime()).thenReturn(creationMillis);
        when(s.getValue(anyString())).thenAnswer(i -> values.get(i.<String>getArgument(0)));
        doAnswer(i -> values.put(i.getArgument(0), i.getArgument(1))).when(s).putValue(anyString(), any());
        return s;
    }

    private static GreetingReader fetchStartingNow() {
        return new GreetingReader(ClientConfig.builder().build(), SERVER);
    }

    @Test
    void resumed_knowsTheCopyOfASessionItHandshaked_evenWhenTheNextFetchStartsInTheSameMillisecond() {
        Map<String, Object> shared = new ConcurrentHashMap<>();
        GreetingReader first = fetchStartingNow();
        SSLSession full = session(System.currentTimeMillis(), shared);
        assertThat(TlsFetch.resumed(full, first)).as("a session created during the fetch").isFalse();
        // The JDK resumes a TLS 1.3 session from a copy made at its ticket, with the original's
        // bound values and creation time. Here that time is as recent as the next fetch's start,
        // which the creation time alone took for a full handshake.
        GreetingReader next = fetchStartingNow();
        SSLSession copy = session(System.currentTimeMillis(), shared);
        assertThat(TlsFetch.resumed(copy, next)).isTrue();
    }

    @Test
    void resumed_aNewSessionOfAFullHandshake_isNot_evenAfterOthersWereMarked() {
        Map<String, Object> earlier = new ConcurrentHashMap<>();
        GreetingReader first = fetchStartingNow();
        TlsFetch.resumed(session(System.currentTimeMillis(), earlier), first);
        assertThat(earlier).as("the first session, marked").isNotEmpty();
        GreetingReader next = fetchStartingNow();
        assertThat(TlsFetch.resumed(session(System.currentTimeMillis(), new ConcurrentHashMap<>()), next)).isFalse();
    }

    @Test
    void resumed_bySessionAge_whenTheEngineKeepsNoValues() {
        SSLSession forgetful = mock(SSLSession.class);
        GreetingReader fetch = fetchStartingNow();
        when(forgetful.getCreationTime()).thenReturn(System.currentTimeMillis() - 10_000);
        assertThat(TlsFetch.resumed(forgetful, fetch)).as("created 10 s before the fetch").isTrue();
        GreetingReader later = fetchStartingNow();
        when(forgetful.getCreationTime()).thenReturn(System.currentTimeMillis());
        assertThat(TlsFetch.resumed(forgetful, later)).as("created during the fetch").isFalse();
    }
}
