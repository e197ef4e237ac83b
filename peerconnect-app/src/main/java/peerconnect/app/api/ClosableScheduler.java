package peerconnect.app.api;

import java.time.Duration;
import java.time.InstantSource;
import peerconnect.app.node.SystemScheduler;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Scheduler;

/** A real-time {@link Scheduler} made by {@link PeerConnect#systemScheduler}; {@link #close()} stops its threads. */
public final class ClosableScheduler implements Scheduler, AutoCloseable {
    private final SystemScheduler delegate;

    ClosableScheduler(SystemScheduler delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code task} soon on a virtual thread. */
    @Override
    public void execute(Runnable task) {
        delegate.execute(task);
    }

    /** Runs {@code task} once after {@code delay} (up to 10 ms late, never early). */
    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return delegate.schedule(delay, task);
    }

    /** The system clock. */
    @Override
    public InstantSource clock() {
        return delegate.clock();
    }

    /** Stops the timer thread and the task executor; later tasks are dropped. */
    @Override
    public void close() {
        delegate.close();
    }
}
