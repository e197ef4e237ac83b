package peerconnect.domain.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestHandler;

/**
 * A handler that does nothing but count, and wakes the producer once the count reaches what it
 * awaits. The producer parks rather than spins while waiting: on 2 cores a spinning producer would
 * take a core away from the workers it is measuring.
 */
final class CompletionCounter implements RequestHandler {
    private final AtomicLong handled = new AtomicLong();
    private volatile long target = Long.MAX_VALUE;
    private volatile Thread waiter;

    @Override
    public void handle(RequestEvent event) {
        if (handled.incrementAndGet() == target) {
            LockSupport.unpark(waiter);
        }
    }

    /**
     * Arms the counter for {@code n} more events, to be awaited by the calling thread. Call only
     * when every earlier event has been counted.
     *
     * @return the count to pass to {@link #await}
     */
    long expect(int n) {
        waiter = Thread.currentThread();
        long t = handled.get() + n;
        target = t;
        return t;
    }

    /** Parks until {@code count} events were handled; false if {@code timeout} passed first. */
    boolean await(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handled.get() < count) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            // Bounded park: the unpark normally ends it at once; the bound only guards a lost wake-up.
            LockSupport.parkNanos(this, 200_000);
        }
        return true;
    }

    long handled() {
        return handled.get();
    }
}
