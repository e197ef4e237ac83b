package peerconnect.domain;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one dispatcher, bumped by its pipelines and workers from any thread
 * (LongAdders: several threads bump them at once), read as a {@link DispatcherStats} snapshot or
 * reported through the snapshot under {@code dispatcher.*} names.
 */
final class DispatcherCounters {
    final LongAdder received = new LongAdder();
    final LongAdder submitted = new LongAdder();
    final LongAdder dispatched = new LongAdder();
    final LongAdder repliesMatched = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder requestsSent = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    final LongAdder repliesRefusedOverBudget = new LongAdder();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

    void drop(DropReason reason) {
        dropped.incrementAndGet(reason.ordinal());
    }

    void drop(DropReason reason, int count) {
        dropped.addAndGet(reason.ordinal(), count);
    }

    /** The snapshot, with the levels the dispatcher reads from its queues and registries. */
    DispatcherStats snapshot(long requestsTimedOut, int queued, int queueHighWater, int pendingReplies,
                             int verifiedSources) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped.get(r.ordinal());
            if (n != 0) {
                drops.put(r, n);
            }
        }
        return new DispatcherStats(received.sum(), submitted.sum(), dispatched.sum(), repliesMatched.sum(), drops,
                handlerFailures.sum(), requestsSent.sum(), requestsTimedOut, sendFailures.sum(), queued,
                queueHighWater, pendingReplies, repliesRefusedOverBudget.sum(), verifiedSources);
    }
}
