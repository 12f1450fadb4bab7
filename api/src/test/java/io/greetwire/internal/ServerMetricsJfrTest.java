package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ConnectionListener;
import io.greetwire.FailureReason;
import io.greetwire.GreetingFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The JFR side of the shared counters: nothing to pay without a recording, the fields with one. */
class ServerMetricsJfrTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 20000);
    private final ServerMetrics metrics = new ServerMetrics(ConnectionListener.NONE, LoggerFactory.getLogger(ServerMetricsJfrTest.class));

    @Test
    void withoutARecording_startNanosReadsNoClock() {
        assertThat(metrics.startNanos()).isZero();
    }

    @Test
    void withoutARecording_aConnectionsEventsAllocateNothing() throws Exception {
        // com.sun.management.ThreadMXBean, by reflection: the test compiles inside the api module,
        // which does not read jdk.management.
        Object threads = ManagementFactory.getThreadMXBean();
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
        long self = Thread.currentThread().getId();
        metrics.describe("nio", GreetingFormat.SEED);
        metrics.started(SERVER);
        for (int round = 0; round < 3; round++) { // the first rounds may load classes and resolve call sites
            long before = (long) allocatedBytes.invoke(threads, self);
            for (int i = 0; i < 10_000; i++) {
                long start = metrics.startNanos();
                metrics.accepted(null);
                if ((i & 1) == 0) {
                    metrics.greeted(null, 255, start);
                } else {
                    metrics.failed(null, FailureReason.RESET, 10, start);
                }
            }
            long allocated = (long) allocatedBytes.invoke(threads, self) - before;
            if (round == 2) {
                // 10,000 connections: an event object each would be hundreds of kilobytes.
                assertThat(allocated).as("bytes allocated by 10,000 connections").isLessThan(1_024);
            }
        }
        assertThat(metrics.snapshot("nio").accepted()).isEqualTo(30_000);
    }

    @Test
    void withARecording_eventsCarryTransportFormatBytesReasonAndTime(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.jfr");
        try (Recording r = new Recording()) {
            r.enable("io.greetwire.GreetingServed");
            r.enable("io.greetwire.GreetingFailed");
            r.start();
            metrics.describe("nio", GreetingFormat.TEXT);
            metrics.started(SERVER);
            long start = metrics.startNanos();
            assertThat(start).as("timed while recorded").isNotZero();
            metrics.accepted(null);
            metrics.greeted(null, 42, start);
            metrics.accepted(null);
            metrics.failed(null, FailureReason.WRITE_TIMEOUT, 7, start);
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("io.greetwire.GreetingServed"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getString("transport")).isEqualTo("nio");
                    assertThat(e.getString("format")).isEqualTo("TEXT");
                    assertThat(e.getString("server")).isEqualTo(SERVER.toString());
                    assertThat(e.getString("client")).isNull();
                    assertThat(e.getLong("bytes")).isEqualTo(42);
                    assertThat(e.getDuration("elapsed")).isPositive();
                });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("io.greetwire.GreetingFailed"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getString("reason")).isEqualTo("WRITE_TIMEOUT");
                    assertThat(e.getLong("bytes")).isEqualTo(7);
                });
    }

    @Test
    void acceptFailures_areEventsWithTheirBackoff(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.jfr");
        AcceptBackoff backoff = new AcceptBackoff(metrics, LoggerFactory.getLogger(ServerMetricsJfrTest.class), SERVER);
        try (Recording r = new Recording()) {
            r.enable("io.greetwire.AcceptFailed");
            r.start();
            backoff.failed(new IOException("Too many open files"));
            backoff.failed(new IOException("Too many open files"));
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getDuration("backoff")).isEqualTo(Duration.ofMillis(AcceptBackoff.MIN_MILLIS));
        assertThat(events.get(1).getDuration("backoff")).isEqualTo(Duration.ofMillis(2 * AcceptBackoff.MIN_MILLIS));
        assertThat(events.get(1).getLong("failures")).isEqualTo(2);
        assertThat(events.get(1).getString("error")).contains("Too many open files");
        assertThat(events.get(1).getString("server")).isEqualTo(SERVER.toString());
        assertThat(TimeUnit.NANOSECONDS.toMillis(events.get(0).getLong("backoff"))).isEqualTo(AcceptBackoff.MIN_MILLIS);
    }
}
