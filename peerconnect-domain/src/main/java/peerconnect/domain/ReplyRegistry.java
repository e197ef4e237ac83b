package peerconnect.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Awaited replies, keyed by message id. Each future is completed exactly once — by the matching
 * reply, by its deadline, or by shutdown — because whoever removes the entry from the map is the
 * only one allowed to complete it. Bounded: beyond {@code capacity} entries, registering fails.
 */
final class ReplyRegistry {

    /** How {@link #match} classified a reply. */
    enum Match { MATCHED, LATE, UNKNOWN, SOURCE_MISMATCH }

    private static final class Pending {
        final NodeAddress to;
        /** When the request was registered, on the timer's clock: the start of its round trip. */
        final long sentNanos;
        final CompletableFuture<Message> future = new CompletableFuture<>();
        // Set right after scheduling; if the entry is settled first, the deadline finds nothing to remove.
        volatile Cancellable deadline = () -> { };

        Pending(NodeAddress to, long sentNanos) {
            this.to = to;
            this.sentNanos = sentNanos;
        }
    }

    private final int capacity;
    private final Scheduler timer;
    private final Consumer<NodeAddress> onMatched;
    private final ConcurrentHashMap<MessageId, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    /** Awaited replies per destination; bounded like {@code pending}, one key per pending request at most. */
    private final ConcurrentHashMap<NodeAddress, Integer> awaitedFrom = new ConcurrentHashMap<>();
    private final LongAdder timedOut = new LongAdder();
    /** Registration to match of every matched reply: the round-trip times the node sees. */
    private final LatencyHistogram roundTrips = LatencyHistogram.lan();
    private final Map<MessageId, Boolean> recentlyExpired;

    /**
     * @param onMatched told the source of every matched reply before its future completes, so code
     *                  chained on the future already sees what it did
     */
    ReplyRegistry(int capacity, int expiredIdMemory, Scheduler timer, Consumer<NodeAddress> onMatched) {
        this.capacity = capacity;
        this.timer = timer;
        this.onMatched = onMatched;
        this.recentlyExpired = new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<MessageId, Boolean> eldest) {
                return size() > expiredIdMemory;
            }
        };
    }

    /**
     * Starts waiting for the reply to request {@code id} sent to {@code to}.
     *
     * @return the future, or empty if {@code id} is already awaited (the caller draws another id)
     * @throws PendingRepliesFullException if {@code capacity} replies are already awaited
     */
    Optional<CompletableFuture<Message>> register(MessageId id, NodeAddress to, Duration timeout) {
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            throw new PendingRepliesFullException(capacity);
        }
        Pending entry = new Pending(to, timer.nanoTime());
        if (pending.putIfAbsent(id, entry) != null) {
            count.decrementAndGet();
            return Optional.empty();
        }
        awaitedFrom.merge(to, 1, Integer::sum);
        entry.deadline = timer.schedule(timeout, () -> expire(id, entry, timeout));
        return Optional.of(entry.future);
    }

    /** Whether a reply to request {@code id} is awaited now (from whichever address). */
    boolean isPending(MessageId id) {
        return pending.containsKey(id);
    }

    /** Whether {@code id} is among the recently expired requests (its reply would be late). */
    boolean isRecentlyExpired(MessageId id) {
        synchronized (recentlyExpired) {
            return recentlyExpired.containsKey(id);
        }
    }

    /** Whether some awaited request went to {@code address}, so a reply from it is expected. */
    boolean awaitsFrom(NodeAddress address) {
        return awaitedFrom.containsKey(address);
    }

    /** Classifies a reply and, if it is the awaited one, completes its future. */
    Match match(Message reply, NodeAddress from) {
        Pending entry = pending.get(reply.id());
        if (entry == null) {
            synchronized (recentlyExpired) {
                return recentlyExpired.containsKey(reply.id()) ? Match.LATE : Match.UNKNOWN;
            }
        }
        if (!entry.to.equals(from)) {
            return Match.SOURCE_MISMATCH;
        }
        if (!pending.remove(reply.id(), entry)) {
            // Its deadline won the race a moment ago.
            return Match.LATE;
        }
        settled(entry);
        entry.deadline.cancel();
        roundTrips.record(timer.nanoTime() - entry.sentNanos);
        onMatched.accept(from);
        entry.future.complete(reply);
        return Match.MATCHED;
    }

    /** Fails the awaited request {@code id} with {@code cause} if it is still awaited (e.g. its send failed). */
    void fail(MessageId id, Throwable cause) {
        Pending entry = pending.remove(id);
        if (entry != null) {
            settled(entry);
            entry.deadline.cancel();
            entry.future.completeExceptionally(cause);
        }
    }

    /** Fails every awaited request with {@code cause}; returns how many there were. */
    int failAll(Throwable cause) {
        int n = 0;
        for (MessageId id : new ArrayList<>(pending.keySet())) {
            Pending entry = pending.remove(id);
            if (entry != null) {
                settled(entry);
                entry.deadline.cancel();
                entry.future.completeExceptionally(cause);
                n++;
            }
        }
        return n;
    }

    /** Books out an entry its caller has just removed from {@code pending}. */
    private void settled(Pending entry) {
        count.decrementAndGet();
        awaitedFrom.computeIfPresent(entry.to, (to, n) -> n == 1 ? null : n - 1);
    }

    int size() {
        return count.get();
    }

    long timedOut() {
        return timedOut.sum();
    }

    /** Round-trip times of the matched replies so far (request registered to reply matched). */
    HistogramSnapshot roundTrips() {
        return roundTrips.snapshot();
    }

    private void expire(MessageId id, Pending entry, Duration timeout) {
        if (pending.remove(id, entry)) {
            settled(entry);
            timedOut.increment();
            synchronized (recentlyExpired) {
                recentlyExpired.put(id, Boolean.TRUE);
            }
            entry.future.completeExceptionally(
                    new TimeoutException("no reply from " + entry.to + " to request " + id + " within " + timeout));
        }
    }
}
