package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Cancellable;

class VirtualTimeSchedulerTest {

    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void startsAtTheEpochAndTimeStandsStillUntilDriven() {
        assertEquals(Instant.EPOCH, scheduler.now());
        assertEquals(Instant.EPOCH, scheduler.clock().instant());
        scheduler.schedule(Duration.ofSeconds(5), () -> ran.add("a"));
        assertEquals(Instant.EPOCH, scheduler.now());
        assertEquals(List.of(), ran);
        assertEquals(1, scheduler.pendingTasks());
    }

    @Test
    void startsAtAChosenEpoch() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        VirtualTimeScheduler s = new VirtualTimeScheduler(start);
        s.schedule(Duration.ofMillis(1500), () -> { });
        s.runUntilIdle();
        assertEquals(start.plusMillis(1500), s.now());
        assertEquals(start.plusMillis(1500).toEpochMilli(), s.clock().millis());
    }

    @Test
    void runsByDueTimeAndInSubmissionOrderAmongEqualTimes() {
        scheduler.schedule(Duration.ofMillis(20), () -> ran.add("20ms"));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("10ms-first"));
        scheduler.execute(() -> ran.add("now-first"));
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("10ms-second"));
        scheduler.execute(() -> ran.add("now-second"));

        assertEquals(5, scheduler.runUntilIdle());

        assertEquals(List.of("now-first", "now-second", "10ms-first", "10ms-second", "20ms"), ran);
        assertEquals(5, scheduler.tasksRun());
    }

    @Test
    void aTaskSeesItsDueInstantAndCanScheduleMore() {
        List<Instant> seen = new ArrayList<>();
        scheduler.schedule(Duration.ofMillis(3), () -> {
            seen.add(scheduler.clock().instant());
            scheduler.execute(() -> seen.add(scheduler.now()));
            scheduler.schedule(Duration.ofMillis(2), () -> seen.add(scheduler.now()));
        });
        scheduler.runUntilIdle();
        assertEquals(List.of(Instant.EPOCH.plusMillis(3), Instant.EPOCH.plusMillis(3), Instant.EPOCH.plusMillis(5)),
                seen);
        assertEquals(Duration.ofMillis(5), scheduler.elapsed());
    }

    @Test
    void tasksExecutedWhileRunningGoAfterThoseAlreadyDueAtTheSameInstant() {
        scheduler.execute(() -> {
            ran.add("a");
            scheduler.execute(() -> ran.add("c"));
        });
        scheduler.execute(() -> ran.add("b"));
        scheduler.runUntilIdle();
        assertEquals(List.of("a", "b", "c"), ran);
    }

    @Test
    void aNegativeDelayMeansNow() {
        scheduler.schedule(Duration.ofMillis(-5), () -> ran.add("x"));
        scheduler.runUntilIdle();
        assertEquals(List.of("x"), ran);
        assertEquals(Instant.EPOCH, scheduler.now());
    }

    @Test
    void aHugeDelaySaturatesInsteadOfOverflowing() {
        scheduler.schedule(Duration.ofMillis(1), () -> ran.add("soon"));
        scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> ran.add("never-ish"));
        scheduler.runFor(Duration.ofDays(365));
        assertEquals(List.of("soon"), ran);
        assertEquals(1, scheduler.pendingTasks());
        scheduler.runUntilIdle();
        assertEquals(List.of("soon", "never-ish"), ran);
        assertEquals(Long.MAX_VALUE, scheduler.elapsed().toNanos());
    }

    @Test
    void cancelledTasksNeverRunAndCancellingTwiceOrAfterRunningIsHarmless() {
        Cancellable a = scheduler.schedule(Duration.ofMillis(1), () -> ran.add("a"));
        Cancellable b = scheduler.schedule(Duration.ofMillis(2), () -> ran.add("b"));
        a.cancel();
        a.cancel();
        assertEquals(1, scheduler.pendingTasks());
        scheduler.runUntilIdle();
        b.cancel();
        assertEquals(List.of("b"), ran);
        assertEquals(0, scheduler.pendingTasks());
        assertTrue(scheduler.isIdle());
        assertEquals(1, scheduler.tasksRun());
    }

    @Test
    void manyCancelledTasksArePurgedAndTheRestStillRunInOrder() {
        List<Cancellable> handles = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int n = i;
            handles.add(scheduler.schedule(Duration.ofMillis(20_000 - i), () -> order.add(n)));
        }
        for (int i = 0; i < handles.size(); i++) {
            if (i % 10 != 0) {
                handles.get(i).cancel();
            }
        }
        assertEquals(2_000, scheduler.pendingTasks());

        assertEquals(2_000, scheduler.runUntilIdle());

        assertEquals(2_000, order.size());
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i) < order.get(i - 1), "later-scheduled tasks were due sooner");
            assertEquals(0, order.get(i) % 10);
        }
    }

    @Test
    void runForRunsWhatIsDueAndMovesTheClockToTheEnd() {
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("10"));
        scheduler.schedule(Duration.ofMillis(30), () -> ran.add("30"));
        assertEquals(1, scheduler.runFor(Duration.ofMillis(20)));
        assertEquals(List.of("10"), ran);
        assertEquals(Instant.EPOCH.plusMillis(20), scheduler.now());
        assertEquals(0, scheduler.runFor(Duration.ofMillis(5)));
        assertEquals(Instant.EPOCH.plusMillis(25), scheduler.now());
    }

    @Test
    void runUntilIncludesTasksDueExactlyAtTheDeadline() {
        scheduler.schedule(Duration.ofMillis(10), () -> ran.add("10"));
        scheduler.runUntil(Instant.EPOCH.plusMillis(10));
        assertEquals(List.of("10"), ran);
    }

    @Test
    void timeDoesNotRunBackwards() {
        scheduler.runFor(Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> scheduler.runUntil(Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> scheduler.runFor(Duration.ofSeconds(-1)));
        assertEquals(Instant.EPOCH.plusSeconds(1), scheduler.now());
    }

    @Test
    void runNextRunsOneTaskAtATime() {
        scheduler.schedule(Duration.ofMillis(1), () -> ran.add("a"));
        scheduler.schedule(Duration.ofMillis(2), () -> ran.add("b"));
        assertTrue(scheduler.runNext());
        assertEquals(List.of("a"), ran);
        assertEquals(Instant.EPOCH.plusMillis(1), scheduler.now());
        assertTrue(scheduler.runNext());
        assertFalse(scheduler.runNext());
    }

    @Test
    void aSelfReschedulingTaskHitsTheTaskLimitAndTheSchedulerStaysUsable() {
        int[] ticks = {0};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            ticks[0]++;
            scheduler.schedule(Duration.ofSeconds(1), tick[0]);
        };
        scheduler.execute(tick[0]);

        assertThrows(TaskLimitReachedException.class, () -> scheduler.runUntilIdle(100));

        assertEquals(100, ticks[0]);
        assertEquals(1, scheduler.pendingTasks());
        assertThrows(IllegalArgumentException.class, () -> scheduler.runUntilIdle(0));
        scheduler.runFor(Duration.ofSeconds(10));
        assertEquals(110, ticks[0]);
    }

    @Test
    void aTaskLimitOnRunUntilLeavesTheClockAtTheLastTaskRun() {
        for (int i = 1; i <= 5; i++) {
            scheduler.schedule(Duration.ofSeconds(i), () -> { });
        }
        assertThrows(TaskLimitReachedException.class, () -> scheduler.runUntil(Instant.EPOCH.plusSeconds(10), 3));
        assertEquals(Instant.EPOCH.plusSeconds(3), scheduler.now());
        assertEquals(2, scheduler.runUntil(Instant.EPOCH.plusSeconds(10), 3));
    }

    @Test
    void aFailingTaskIsReportedFromTheRunAndTheRestStillRuns() {
        IllegalStateException boom = new IllegalStateException("boom");
        scheduler.schedule(Duration.ofMillis(1), () -> ran.add("before"));
        scheduler.schedule(Duration.ofMillis(2), () -> {
            throw boom;
        });
        scheduler.schedule(Duration.ofMillis(3), () -> ran.add("after"));

        TaskFailedException e = assertThrows(TaskFailedException.class, scheduler::runUntilIdle);

        assertSame(boom, e.getCause());
        assertEquals(List.of("before"), ran);
        assertEquals(Instant.EPOCH.plusMillis(2), scheduler.now());
        assertEquals(1, scheduler.tasksFailed());
        assertEquals(1, scheduler.runUntilIdle());
        assertEquals(List.of("before", "after"), ran);
        assertEquals(3, scheduler.tasksRun());
    }

    @Test
    void anAssertionFailingInsideATaskSurfacesAsTheCause() {
        scheduler.execute(() -> {
            throw new AssertionError("expected 1 but was 2");
        });
        TaskFailedException e = assertThrows(TaskFailedException.class, () -> scheduler.runFor(Duration.ZERO));
        assertTrue(e.getCause() instanceof AssertionError);
    }
}
