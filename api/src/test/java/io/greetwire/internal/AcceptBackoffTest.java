package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ConnectionListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AcceptBackoffTest {
    private final ServerMetrics metrics = new ServerMetrics(ConnectionListener.NONE, LoggerFactory.getLogger(AcceptBackoffTest.class));
    private final AcceptBackoff backoff = new AcceptBackoff(metrics, LoggerFactory.getLogger(AcceptBackoffTest.class),
            new InetSocketAddress("127.0.0.1", 20000));

    @Test
    void failures_doubleTheWaitUpToOneSecond_andAreCounted() {
        IOException emfile = new IOException("Too many open files");
        long first = backoff.failed(emfile);
        assertThat(first).isEqualTo(TimeUnit.MILLISECONDS.toNanos(AcceptBackoff.MIN_MILLIS));
        assertThat(backoff.failed(emfile)).isEqualTo(2 * first);
        long last = 0;
        for (int i = 0; i < 20; i++) {
            last = backoff.failed(emfile);
        }
        assertThat(last).isEqualTo(TimeUnit.MILLISECONDS.toNanos(AcceptBackoff.MAX_MILLIS));
        assertThat(metrics.snapshot("t").acceptErrors()).isEqualTo(22);
        assertThat(backoff.backingOff()).isTrue();
    }

    @Test
    void anAcceptRightAfterAFailure_doesNotEndTheBurst() {
        backoff.failed(new IOException("Too many open files"));
        backoff.succeeded(); // one descriptor freed and taken at once: still the same burst
        assertThat(backoff.backingOff()).isTrue();
        assertThat(backoff.failed(new IOException("Too many open files")))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(2 * AcceptBackoff.MIN_MILLIS));
    }
}
