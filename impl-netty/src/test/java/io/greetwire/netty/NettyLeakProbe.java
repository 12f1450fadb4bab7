package io.greetwire.netty;

import io.greetwire.tck.LeakProbe;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the reports of Netty's leak detector, for {@code LeakCheck}: every detector Netty makes
 * comes from the factory installed here (before the first buffer class is initialised: the probe
 * is loaded when the leak check is, at the start of the test run), and reports to this count as
 * well as to the log. The tests run it at PARANOID ({@code io.netty.leakDetection.level} in the
 * surefire configuration), so every buffer is tracked.
 */
public final class NettyLeakProbe implements LeakProbe {
    private static final AtomicLong REPORTS = new AtomicLong();
    private static final List<String> LAST = new ArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new Counting<>(resource, samplingInterval);
            }
        });
    }

    @Override
    public String what() {
        return "Netty leak reports (level " + ResourceLeakDetector.getLevel() + ", last: " + last() + ")";
    }

    @Override
    public long count() {
        return REPORTS.get();
    }

    /**
     * A GC, then a buffer from each allocator: a detector looks at the references the GC queued
     * each time it tracks a new buffer.
     */
    @Override
    public void flush() {
        System.gc();
        for (ByteBufAllocator a : new ByteBufAllocator[] {ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                UnpooledByteBufAllocator.DEFAULT}) {
            a.directBuffer(1).release();
            a.heapBuffer(1).release();
        }
    }

    /** Takes back {@code n} reports a test made on purpose. */
    static void forgive(long n) {
        REPORTS.addAndGet(-n);
    }

    private static String last() {
        synchronized (LAST) {
            return LAST.isEmpty() ? "none" : LAST.get(LAST.size() - 1);
        }
    }

    private static void record(String report) {
        synchronized (LAST) {
            LAST.add(report.length() > 2_000 ? report.substring(0, 2_000) + "..." : report);
            if (LAST.size() > 5) {
                LAST.remove(0);
            }
        }
        REPORTS.incrementAndGet();
    }

    /** A detector that counts what it reports. */
    private static final class Counting<T> extends ResourceLeakDetector<T> {
        Counting(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true; // whatever the log level
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            record(resourceType + " leaked:" + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            record(resourceType + " leaked (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
