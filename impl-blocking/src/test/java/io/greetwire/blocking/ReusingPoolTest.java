package io.greetwire.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ReusingPoolTest {

    @Test
    void tasksOneAfterAnother_reuseOneThread() throws Exception {
        ThreadPoolExecutor pool = ReusingPool.create("reuse-test", 64);
        try {
            for (int i = 0; i < 50; i++) {
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
                // The worker is idle again once the pool counts the task done; only then is it reusable.
                long done = i + 1;
                while (pool.getCompletedTaskCount() < done) {
                    Thread.onSpinWait();
                }
            }
            // One thread does them all; a task that arrives while the idle worker is between its last
            // task and its next poll may start a second. The old pool started 50.
            assertThat(pool.getLargestPoolSize()).as("threads started for 50 sequential tasks").isLessThanOrEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void busyThreads_growThePoolToItsBound_thenTasksQueue() throws Exception {
        ThreadPoolExecutor pool = ReusingPool.create("bound-test", 2);
        try {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.incrementAndGet();
                    all.countDown();
                });
            }
            assertThat(pool.getPoolSize()).isEqualTo(2);
            assertThat(pool.getQueue()).hasSize(3);
            release.countDown();
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran.get()).isEqualTo(5);
            assertThat(pool.getLargestPoolSize()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void afterShutdown_tasksAreRejected_queuedOnesStillRun() throws Exception {
        ThreadPoolExecutor pool = ReusingPool.create("shutdown-test", 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch both = new CountDownLatch(2);
        Runnable task = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            both.countDown();
        };
        pool.execute(task);
        pool.execute(task); // queued behind the only thread
        pool.shutdown();
        assertThatThrownBy(() -> pool.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shutdown-test");
        release.countDown();
        assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
