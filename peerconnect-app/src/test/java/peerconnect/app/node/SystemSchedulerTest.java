package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Cancellable;

class SystemSchedulerTest {
    @Test
    void runsTasksNowAndLaterAndSurvivesOneThatThrows() throws InterruptedException {
        try (SystemScheduler scheduler = new SystemScheduler("test")) {
            CountDownLatch done = new CountDownLatch(2);
            scheduler.execute(() -> {
                throw new IllegalStateException("a protocol bug");
            });
            scheduler.execute(done::countDown);
            scheduler.schedule(Duration.ofMillis(20), done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS), "tasks did not run");
        }
    }

    @Test
    void aCancelledTimerNeverRuns() throws InterruptedException {
        try (SystemScheduler scheduler = new SystemScheduler("test")) {
            AtomicInteger runs = new AtomicInteger();
            Cancellable cancelled = scheduler.schedule(Duration.ofMillis(50), runs::incrementAndGet);
            cancelled.cancel();
            CountDownLatch later = new CountDownLatch(1);
            scheduler.schedule(Duration.ofMillis(100), later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS));
            assertEquals(0, runs.get());
        }
    }

    @Test
    void afterCloseTasksAreDroppedAndNoThreadIsLeft() throws InterruptedException {
        SystemScheduler scheduler = new SystemScheduler("closing");
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        scheduler.execute(() -> {
            started.countDown();
            sleep(100);
            finished.incrementAndGet();
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        scheduler.close();
        assertEquals(1, finished.get(), "close returned before the running task ended");
        scheduler.execute(finished::incrementAndGet);
        scheduler.schedule(Duration.ZERO, finished::incrementAndGet).cancel();
        scheduler.close();
        assertEquals(1, finished.get());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("closing-") && t.isAlive()), "a scheduler thread is alive");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
