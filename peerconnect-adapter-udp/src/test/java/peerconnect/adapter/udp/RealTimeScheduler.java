package peerconnect.adapter.udp;

import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/** The {@link Scheduler} port on one daemon thread and the system clock, for tests on real sockets. */
final class RealTimeScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("test-scheduler").factory());

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    @Override
    public InstantSource clock() {
        return Clock.systemUTC();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
