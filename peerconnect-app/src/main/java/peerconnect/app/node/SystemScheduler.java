package peerconnect.app.node;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/**
 * The {@link Scheduler} of a real node: the system clock, a virtual thread per task, and one daemon
 * timer thread that only hands due tasks over, so a slow task never delays another's deadline. Timers
 * run up to {@link #TICK} late, never early (see {@link TickTimer} for why).
 *
 * <p>A task that throws is logged and forgotten: one protocol bug must not stop the node's timers.
 * After {@link #close()} new tasks are dropped (logged at debug): during shutdown late timers of
 * components already stopped have nothing left to do.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);

    /**
     * Timer resolution: 10 ms is far below every protocol timer (reply deadlines of a second, announcements
     * of 250 ms and up) and keeps the timer thread to 100 wake-ups per second while anything is pending.
     */
    static final Duration TICK = Duration.ofMillis(10);

    private final ExecutorService tasks;
    private final TickTimer timer;
    private final InstantSource clock;

    /** A scheduler whose threads are named {@code name-task} and {@code name-timer}. */
    public SystemScheduler(String name) {
        this.tasks = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-task-", 0).factory());
        this.timer = new TickTimer(name + "-timer", TICK, this::execute, System::nanoTime);
        this.clock = InstantSource.system();
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        try {
            tasks.execute(() -> runLogged(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler closed, task dropped: {}", task);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        return timer.schedule(delay, task).orElseGet(() -> {
            LOG.debug("scheduler closed, timer dropped: {}", task);
            return () -> { };
        });
    }

    @Override
    public InstantSource clock() {
        return clock;
    }

    /** {@link System#nanoTime()}: monotonic, so a step of the wall clock never refills or drains a rate limit. */
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Drops pending timers, waits for running tasks to end. Idempotent. */
    @Override
    public void close() {
        try {
            // The timer thread only hands tasks over, so it ends at once.
            timer.stop(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tasks.close();
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.error("scheduled task {} failed", task, e);
        }
    }
}
