package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Scheduler;

/**
 * The real-time scheduler the API exports for those who wire the adapters themselves: it runs tasks
 * now and after a delay on the system clock, and once closed it runs nothing more.
 */
class SystemSchedulerApiTest {
    @Test
    void theExportedSchedulerRunsTasksAndAfterCloseRunsNoMore() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(2);
        AtomicBoolean late = new AtomicBoolean();
        Scheduler seen;
        try (ClosableScheduler scheduler = PeerConnect.systemScheduler("api-test")) {
            seen = scheduler;
            scheduler.execute(ran::countDown);
            scheduler.schedule(Duration.ofMillis(20), ran::countDown);
            // Generous bound: it only has to happen, not fast (no timing is asserted).
            assertTrue(ran.await(30, TimeUnit.SECONDS), "both tasks ran");
        }
        seen.execute(() -> late.set(true));
        Thread.sleep(50);
        assertFalse(late.get(), "a task given after close ran");
    }
}
