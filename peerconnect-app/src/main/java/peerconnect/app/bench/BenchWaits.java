package peerconnect.app.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the many-node benchmarks share: a bounded wait for one step, and the heap after a collection. */
final class BenchWaits {
    private BenchWaits() {
    }

    /** The result of {@code future}, or a failure that names {@code what} once {@code wait} has passed. */
    static <T> T await(CompletableFuture<T> future, String what, Duration wait) throws InterruptedException {
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not complete within " + wait, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** Heap in use right after a requested collection: the live heap the nodes hold. */
    static long heapUsedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
