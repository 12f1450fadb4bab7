package io.greetwire.examples.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.greetwire.ClientConfig;
import io.greetwire.FailureReason;
import io.greetwire.GreetingClient;
import io.greetwire.GreetingFormat;
import io.greetwire.GreetingServer;
import io.greetwire.ServerConfig;
import io.greetwire.ServerStats;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import io.greetwire.tck.TestNet;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bounded soak: for each transport, about {@code greetwire.soak.seconds} (default 120) divided
 * among the transports, a mix of normal, slow, resetting and never-reading clients against one
 * server. Runs only with {@code mvn -Psoak verify}; prints one summary line per transport.
 */
@Tag("soak")
class SoakTest {
    private static final int GREETING = 128 * 1024;

    static Stream<String> transports() {
        return Transports.available().stream().map(GreetingTransport::name);
    }

    private static Duration share() {
        long total = Long.getLong("greetwire.soak.seconds", 120);
        return Duration.ofSeconds(Math.max(5, total / Math.max(1, Transports.available().size())));
    }

    @ParameterizedTest(name = "soak {0}")
    @MethodSource("transports")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void soak(String name) throws Exception {
        GreetingTransport t = Transports.get(name);
        long threadsBefore = TestNet.quietThreads("greetwire-");
        long fdsBefore = TestNet.openFds();
        String text = "s".repeat(GREETING);
        GreetingServer server = t.newServer(ServerConfig.builder().bindAddress(TestNet.LOOPBACK).port(0)
                .format(GreetingFormat.TEXT).greeting(text).writeTimeout(Duration.ofSeconds(2))
                .drainTimeout(Duration.ofSeconds(2)).build());
        GreetingClient client = t.newClient(ClientConfig.builder().format(GreetingFormat.TEXT)
                .maxGreetingBytes(GREETING).readTimeout(Duration.ofSeconds(30)).build());
        AtomicLong ok = new AtomicLong();
        Map<String, Long> clientFailures = new ConcurrentHashMap<>();
        AtomicLong peakOpen = new AtomicLong();
        AtomicLong peakHeap = new AtomicLong();
        List<Thread> peers = new ArrayList<>();
        try {
            InetSocketAddress address = TestNet.inet(server.start());
            long end = System.nanoTime() + share().toNanos();
            peers.add(peer("slow", end, () -> slowReader(address)));
            peers.add(peer("reset", end, () -> resetter(address)));
            peers.add(peer("silent", end, () -> neverReader(address)));
            peers.add(peer("monitor", end, () -> {
                peakOpen.accumulateAndGet(server.stats().open(), Math::max);
                Runtime rt = Runtime.getRuntime();
                peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }));
            peers.forEach(Thread::start);
            Semaphore window = new Semaphore(32);
            while (System.nanoTime() - end < 0) {
                window.acquire();
                client.fetchAsync(address).whenComplete((g, e) -> {
                    window.release();
                    if (e == null && g.length() == GREETING) {
                        ok.incrementAndGet();
                    } else {
                        clientFailures.merge(String.valueOf(e == null ? "short greeting" : e.getCause() != null ? e.getCause() : e), 1L, Long::sum);
                    }
                });
            }
            assertThat(window.tryAcquire(32, 60, TimeUnit.SECONDS)).isTrue();
            for (Thread p : peers) {
                p.join(TimeUnit.SECONDS.toMillis(60));
            }
        } finally {
            server.close();
            client.close();
        }
        TestNet.await("threads back", Duration.ofSeconds(30), () -> TestNet.threadsNamed("greetwire-") <= threadsBefore);
        TestNet.await("descriptors back", Duration.ofSeconds(30), () -> TestNet.openFds() <= fdsBefore + 5);
        ServerStats s = server.stats();
        Map<FailureReason, Long> failures = new EnumMap<>(FailureReason.class);
        s.failures().forEach((k, v) -> {
            if (v > 0) {
                failures.put(k, v);
            }
        });
        System.out.printf(Locale.ROOT,
                "SOAK %-8s %5ds greetings=%d (normal clients ok=%d) failures=%s peakOpen=%d peakHeap=%dMiB threads=%d->%d fds=%d->%d%n",
                name, share().toSeconds(), s.greeted(), ok.get(), failures, peakOpen.get(), peakHeap.get() >> 20,
                threadsBefore, TestNet.threadsNamed("greetwire-"), fdsBefore, TestNet.openFds());
        assertThat(clientFailures).as("normal clients must never fail").isEmpty();
        assertThat(ok.get()).isPositive();
        assertThat(s.accepted()).isEqualTo(s.greeted() + s.failed());
        assertThat(s.open()).isZero();
        assertThat(s.failed(FailureReason.WRITE_TIMEOUT)).as("never-reading clients are dropped").isPositive();
    }

    private static Thread peer(String name, long end, Runnable once) {
        Thread t = new Thread(() -> {
            while (System.nanoTime() - end < 0) {
                once.run();
            }
        }, "soak-" + name);
        t.setDaemon(true);
        return t;
    }

    /** Reads the whole greeting, a kilobyte at a time with a pause between. */
    private static void slowReader(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(address, 10_000);
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // a slow peer, on purpose
            }
        } catch (IOException ignored) {
            // a slow peer may be cut off by the write timeout; the server counts it
        }
    }

    /** Connects and resets at once. */
    private static void resetter(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // counted by the server
        }
    }

    /** Connects and never reads until the server gives up on it. */
    private static void neverReader(InetSocketAddress address) {
        try (Socket s = TestNet.silentPeer(address)) {
            s.setSoTimeout(30_000);
            // Block until the server resets or closes us, reading nothing before that.
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
        } catch (IOException ignored) {
            // counted by the server
        }
    }
}
