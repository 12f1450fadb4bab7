package io.greetwire.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The sweep that replaced a timer task per connection: it is armed once, not per connection. */
class DeadlineSweepTest {
    private final ScheduledExecutorService timer = mock(ScheduledExecutorService.class);

    /** A connection that is due at {@code deadline} and leaves the in-flight set when it expires. */
    private static final class Conn implements DeadlineSweep.Watched {
        final long deadline;
        final Set<Conn> set;
        long expiredAt = -1;

        Conn(long deadline, Set<Conn> set) {
            this.deadline = deadline;
            this.set = set;
        }

        @Override
        public void expireIfDue(long now) {
            if (now - deadline >= 0) {
                expiredAt = now;
                set.remove(this);
            }
        }
    }

    /** Runs the sweep the timer was last given. */
    private void runScheduledSweep(int schedulesSoFar) {
        ArgumentCaptor<Runnable> task = ArgumentCaptor.forClass(Runnable.class);
        verify(timer, times(schedulesSoFar)).schedule(task.capture(), anyLong(), eq(TimeUnit.NANOSECONDS));
        task.getValue().run();
    }

    @Test
    void watch_manyConnectionsInOnePeriod_scheduleOneSweep() {
        Set<Conn> inFlight = ConcurrentHashMap.newKeySet();
        DeadlineSweep sweep = new DeadlineSweep(timer, inFlight, Duration.ofSeconds(10));
        for (int i = 0; i < 1_000; i++) { // connections that come and go, as large greetings to a fast client do
            Conn c = new Conn(System.nanoTime() + Duration.ofSeconds(10).toNanos(), inFlight);
            inFlight.add(c);
            sweep.watch();
            inFlight.remove(c);
        }
        verify(timer, times(1)).schedule(any(Runnable.class), eq(sweep.periodNanos()), eq(TimeUnit.NANOSECONDS));
    }

    @Test
    void sweep_failsWhatIsDue_keepsTheRest_andComesBackWhileAnyIsInFlight() {
        Set<Conn> inFlight = ConcurrentHashMap.newKeySet();
        DeadlineSweep sweep = new DeadlineSweep(timer, inFlight, Duration.ofSeconds(10));
        Conn due = new Conn(System.nanoTime() - 1, inFlight);
        Conn later = new Conn(System.nanoTime() + Duration.ofHours(1).toNanos(), inFlight);
        inFlight.add(due);
        inFlight.add(later);
        sweep.watch();

        runScheduledSweep(1);

        assertThat(due.expiredAt).isNotNegative();
        assertThat(later.expiredAt).isEqualTo(-1);
        assertThat(inFlight).containsExactly(later);
        verify(timer, times(2)).schedule(any(Runnable.class), anyLong(), eq(TimeUnit.NANOSECONDS)); // still one in flight
    }

    @Test
    void sweep_thatFindsNoneInFlight_disarms_andTheNextWatchArmsAgain() {
        Set<Conn> inFlight = ConcurrentHashMap.newKeySet();
        DeadlineSweep sweep = new DeadlineSweep(timer, inFlight, Duration.ofSeconds(10));
        sweep.watch();
        runScheduledSweep(1); // nothing in flight: no next sweep
        verify(timer, times(1)).schedule(any(Runnable.class), anyLong(), any());

        sweep.watch();
        verify(timer, times(2)).schedule(any(Runnable.class), anyLong(), any());
    }

    @Test
    void sweep_thatRacesAnAdd_isRearmed_soTheAddedConnectionIsNotLeftUnwatched() {
        // The in-flight set looks empty to the sweep's first check, and a connection arrives right
        // after it: its watch() saw the sweep still armed and scheduled nothing.
        List<DeadlineSweep.Watched> items = new ArrayList<>();
        DeadlineSweep.Watched arriving = now -> { };
        AbstractCollection<DeadlineSweep.Watched> racing = new AbstractCollection<>() {
            private int emptinessChecks;

            @Override
            public Iterator<DeadlineSweep.Watched> iterator() {
                return new ArrayList<>(items).iterator();
            }

            @Override
            public int size() {
                return items.size();
            }

            @Override
            public boolean isEmpty() {
                boolean empty = items.isEmpty();
                if (++emptinessChecks == 1) {
                    items.add(arriving);
                }
                return empty;
            }
        };
        DeadlineSweep sweep = new DeadlineSweep(timer, racing, Duration.ofSeconds(10));
        sweep.watch();

        runScheduledSweep(1);

        verify(timer, times(2)).schedule(any(Runnable.class), anyLong(), any());
    }

    @Test
    void watch_onAShutDownTimer_throws_andLeavesTheSweepDisarmed() {
        when(timer.schedule(any(Runnable.class), anyLong(), any())).thenThrow(new RejectedExecutionException("shut down"));
        DeadlineSweep sweep = new DeadlineSweep(timer, Set.of(), Duration.ofSeconds(10));
        assertThatThrownBy(sweep::watch).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(sweep::watch).isInstanceOf(RejectedExecutionException.class); // tried again: not left armed
    }

    @Test
    void period_isASixteenthOfTheShortestTimeout_withinItsBounds() {
        assertThat(DeadlineSweep.period(Duration.ofSeconds(10))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(DeadlineSweep.period(Duration.ofMillis(800))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(DeadlineSweep.period(Duration.ofMillis(5))).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
        verify(timer, never()).schedule(any(Runnable.class), anyLong(), any());
    }
}
