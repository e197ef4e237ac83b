package peerconnect.app;

import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import peerconnect.domain.Cancellable;
import peerconnect.ports.Scheduler;

/** The {@link Scheduler} port on the system clock and one daemon timer thread. */
final class RealTimeScheduler implements Scheduler, AutoCloseable {
    private final Clock clock;
    private final ScheduledExecutorService timer;

    RealTimeScheduler(Clock clock, String threadName) {
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(threadName).factory());
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        timer.execute(task);
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
