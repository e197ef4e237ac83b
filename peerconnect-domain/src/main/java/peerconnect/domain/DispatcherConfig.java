package peerconnect.domain;

import java.time.Duration;

/**
 * Settings of a {@link RequestsDispatcher}.
 *
 * @param queueCapacity      events queued across all priorities before the lowest is shed
 * @param batchSize          events a worker takes per turn before yielding its thread
 * @param maxWorkers         drain tasks running at once on the executor
 * @param maxPendingReplies  awaited replies at once; beyond it {@code request} fails at once
 * @param defaultTimeout     deadline of a request that names none
 * @param expiredIdMemory    ids of timed-out requests remembered to tell late replies from unknown ones
 */
public record DispatcherConfig(int queueCapacity, int batchSize, int maxWorkers, int maxPendingReplies,
                               Duration defaultTimeout, int expiredIdMemory) {

    public DispatcherConfig {
        positive("queueCapacity", queueCapacity);
        positive("batchSize", batchSize);
        positive("maxWorkers", maxWorkers);
        positive("maxPendingReplies", maxPendingReplies);
        positive("expiredIdMemory", expiredIdMemory);
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException("defaultTimeout must be positive: " + defaultTimeout);
        }
    }

    /**
     * Defaults for a LAN node: 8192 queued events is ~10 MB of 1232-byte datagrams and about 4 ms
     * of a saturated gigabit link, enough to ride out a burst without holding stale work; batches of
     * 64 amortise the queue lock; 2 workers match the smallest machines we run on; 4096 pending
     * replies cover a few hundred concurrent lookups of alpha=3, k=20; 2 s is many LAN round trips
     * yet short enough for a lookup to route around a dead peer.
     */
    public static DispatcherConfig defaults() {
        return new DispatcherConfig(8192, 64, 2, 4096, Duration.ofSeconds(2), 4096);
    }

    /** The same settings with another worker count (1 in simulations: one worker keeps a run deterministic). */
    public DispatcherConfig withMaxWorkers(int workers) {
        return new DispatcherConfig(queueCapacity, batchSize, workers, maxPendingReplies, defaultTimeout,
                expiredIdMemory);
    }

    /** The same settings with another queue capacity. */
    public DispatcherConfig withQueueCapacity(int capacity) {
        return new DispatcherConfig(capacity, batchSize, maxWorkers, maxPendingReplies, defaultTimeout,
                expiredIdMemory);
    }

    /** The same settings with another pending-reply limit. */
    public DispatcherConfig withMaxPendingReplies(int max) {
        return new DispatcherConfig(queueCapacity, batchSize, maxWorkers, max, defaultTimeout, expiredIdMemory);
    }

    /** The same settings with another batch size. */
    public DispatcherConfig withBatchSize(int size) {
        return new DispatcherConfig(queueCapacity, size, maxWorkers, maxPendingReplies, defaultTimeout, expiredIdMemory);
    }

    /** The same settings with another deadline for requests that name none. */
    public DispatcherConfig withDefaultTimeout(Duration timeout) {
        return new DispatcherConfig(queueCapacity, batchSize, maxWorkers, maxPendingReplies, timeout, expiredIdMemory);
    }

    /** The same settings with another number of timed-out ids remembered. */
    public DispatcherConfig withExpiredIdMemory(int ids) {
        return new DispatcherConfig(queueCapacity, batchSize, maxWorkers, maxPendingReplies, defaultTimeout, ids);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
