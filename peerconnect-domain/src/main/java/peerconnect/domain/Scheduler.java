package peerconnect.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * Time and threads for everything that is not allowed to make its own: runs tasks now
 * ({@link #execute}) or later ({@link #schedule}) and tells the time ({@link #clock()},
 * {@link #nanoTime()}). Real threads and the system clock in the app; one thread and virtual time in
 * simulations, which makes a seeded run reproducible. One object serves the dispatcher (workers,
 * reply deadlines, rate-limit clock), the adapters and the app.
 */
public interface Scheduler extends Executor {
    /** Runs {@code task} soon, on a thread of this scheduler; must not block. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} once, {@code delay} from now; must not block. */
    Cancellable schedule(Duration delay, Runnable task);

    /** The clock tasks see; in simulations, virtual time. */
    InstantSource clock();

    /**
     * The {@link #clock()} in nanoseconds since the epoch, for code that measures intervals on it (the
     * rate limiter's buckets, the lifetime of a verified source). Never blocks.
     */
    default long nanoTime() {
        Instant now = clock().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
