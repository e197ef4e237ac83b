package peerconnect.domain;

import java.time.Duration;

/**
 * Runs a task after a delay. Real time in the app, virtual time in simulations; the scheduling port
 * extends this so one object serves both the domain and the adapters.
 */
@FunctionalInterface
public interface TaskScheduler {
    /** Runs {@code task} once, {@code delay} from now; must not block. */
    Cancellable schedule(Duration delay, Runnable task);
}
