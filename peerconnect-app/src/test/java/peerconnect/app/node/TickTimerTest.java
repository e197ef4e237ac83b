package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Cancellable;

class TickTimerTest {
    private TickTimer timer;

    @AfterEach
    void stop() throws InterruptedException {
        if (timer != null) {
            timer.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aTaskNeverRunsEarly() throws InterruptedException {
        timer = new TickTimer("t-early", Duration.ofMillis(5), Runnable::run, System::nanoTime);
        AtomicLong ranAt = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(1);
        long scheduledAt = System.nanoTime();
        timer.schedule(Duration.ofMillis(60), () -> {
            ranAt.set(System.nanoTime());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(ranAt.get() - scheduledAt >= Duration.ofMillis(60).toNanos(), "ran early");
    }

    @Test
    void anIdleTimerWakesForNewWorkButABusyOneOnlyOnItsTick() throws InterruptedException {
        // A long tick makes the difference visible: the first task wakes the idle thread at once; a task
        // scheduled while a far one is pending waits for the next tick (here: until the far one's turn).
        timer = new TickTimer("t-idle", Duration.ofHours(1), Runnable::run, System::nanoTime);
        CountDownLatch first = new CountDownLatch(1);
        timer.schedule(Duration.ZERO, first::countDown);
        assertTrue(first.await(10, TimeUnit.SECONDS), "an idle timer must wake for new work");
        timer.schedule(Duration.ofHours(2), () -> { });
        Thread.sleep(100); // let the thread wake for that task and settle into its tick
        CountDownLatch second = new CountDownLatch(1);
        timer.schedule(Duration.ZERO, second::countDown);
        assertFalse(second.await(200, TimeUnit.MILLISECONDS), "a busy timer was woken by scheduling");
    }

    @Test
    void cancelledTasksNeverRunAndAreEventuallyPurged() throws InterruptedException {
        timer = new TickTimer("t-purge", Duration.ofMillis(5), Runnable::run, System::nanoTime);
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 5000; i++) {
            timer.schedule(Duration.ofHours(1), runs::incrementAndGet).orElseThrow().cancel();
        }
        Cancellable soon = timer.schedule(Duration.ofMillis(1), runs::incrementAndGet).orElseThrow();
        soon.cancel();
        CountDownLatch marker = new CountDownLatch(1);
        timer.schedule(Duration.ofMillis(20), marker::countDown);
        assertTrue(marker.await(10, TimeUnit.SECONDS));
        // The timer thread may purge while the loop above still cancels, leaving fewer than the
        // threshold behind: those wait until due, which bounds them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (timer.queued() > TickTimer.PURGE_THRESHOLD && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(timer.queued() <= TickTimer.PURGE_THRESHOLD, "cancelled tasks were not purged: " + timer.queued());
        assertEquals(0, runs.get());
    }

    @Test
    void afterStopNothingIsScheduledAndTheThreadHasEnded() throws InterruptedException {
        timer = new TickTimer("t-stop", Duration.ofMillis(5), Runnable::run, System::nanoTime);
        AtomicInteger runs = new AtomicInteger();
        timer.schedule(Duration.ofMillis(50), runs::incrementAndGet);
        timer.stop(Duration.ofSeconds(5));
        assertTrue(timer.schedule(Duration.ZERO, runs::incrementAndGet).isEmpty());
        Thread.sleep(100);
        assertEquals(0, runs.get());
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("t-stop")));
    }
}
