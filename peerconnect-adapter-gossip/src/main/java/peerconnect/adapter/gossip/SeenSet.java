package peerconnect.adapter.gossip;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The message ids a node remembers, with a value each: bounded in size and in time. An id is kept for
 * {@code expiryMillis} after it was first added, and at most {@code capacity} ids are kept at once —
 * adding one more evicts the oldest, unless the oldest is younger than {@code protectMillis}: then the
 * new id is refused instead, because forgetting an id that may still be circulating would deliver it
 * twice. Each id is charged to the source it first came from, and one source holds at most
 * {@code maxPerSource} ids at once, so a flood of fresh ids from one address can neither flush the
 * set nor fill it. Expirations, evictions and refusals are counted. Pure: time is handed in. Not
 * thread-safe.
 */
final class SeenSet<V> {
    /** What {@link #add} did. */
    enum Added { ADDED, ALREADY_SEEN, REFUSED_SOURCE_SHARE, REFUSED_FULL }

    private final int capacity;
    private final long expiryMillis;
    private final long protectMillis;
    private final int maxPerSource;
    // Insertion order is age order: entries are never re-inserted or refreshed.
    private final LinkedHashMap<Long, Entry<V>> entries = new LinkedHashMap<>();
    // Only sources with an id in the set: at most `capacity` keys.
    private final Map<Object, Integer> perSource = new HashMap<>();
    private long evicted;
    private long expired;

    // source is null for this node's own ids, which are charged to no one.
    private record Entry<V>(long addedMillis, V value, Object source) {
    }

    /** A set without per-source shares or protection: the oldest id is evicted whenever it is full. */
    SeenSet(int capacity, long expiryMillis) {
        this(capacity, expiryMillis, 0, capacity);
    }

    SeenSet(int capacity, long expiryMillis, long protectMillis, int maxPerSource) {
        if (capacity <= 0 || expiryMillis <= 0 || protectMillis < 0 || maxPerSource <= 0) {
            throw new IllegalArgumentException("capacity, expiry and share must be positive, protection not negative: "
                    + capacity + ", " + expiryMillis + ", " + maxPerSource + ", " + protectMillis);
        }
        this.capacity = capacity;
        this.expiryMillis = expiryMillis;
        this.protectMillis = protectMillis;
        this.maxPerSource = maxPerSource;
    }

    /** The value of {@code id} if it is still remembered at {@code nowMillis}, else null. */
    V get(long id, long nowMillis) {
        expire(nowMillis);
        Entry<V> e = entries.get(id);
        return e == null ? null : e.value();
    }

    /** Remembers {@code id}, charged to no source; returns false (and changes nothing) if already remembered. */
    boolean add(long id, V value, long nowMillis) {
        return add(id, value, nowMillis, null) == Added.ADDED;
    }

    /**
     * Remembers {@code id} from {@code nowMillis} on, charged to {@code source} (null: to no one).
     * Changes nothing unless the answer is {@link Added#ADDED}.
     */
    Added add(long id, V value, long nowMillis, Object source) {
        expire(nowMillis);
        if (entries.containsKey(id)) {
            return Added.ALREADY_SEEN;
        }
        if (source != null && perSource.getOrDefault(source, 0) >= maxPerSource) {
            return Added.REFUSED_SOURCE_SHARE;
        }
        if (entries.size() >= capacity) {
            Iterator<Entry<V>> oldest = entries.values().iterator();
            Entry<V> e = oldest.next();
            // This node's own ids always get in: only its own publishing rate can push them.
            if (source != null && nowMillis - e.addedMillis() < protectMillis) {
                return Added.REFUSED_FULL;
            }
            oldest.remove();
            uncharge(e);
            evicted++;
        }
        entries.put(id, new Entry<>(nowMillis, value, source));
        if (source != null) {
            perSource.merge(source, 1, Integer::sum);
        }
        return Added.ADDED;
    }

    /** Ids charged to {@code source} now. */
    int heldBy(Object source) {
        return perSource.getOrDefault(source, 0);
    }

    /** Sources with an id in the set. */
    int sources() {
        return perSource.size();
    }

    private void uncharge(Entry<V> e) {
        if (e.source() != null) {
            perSource.computeIfPresent(e.source(), (s, n) -> n == 1 ? null : n - 1);
        }
    }

    /**
     * Visits the values of ids added within {@code windowMillis} before {@code nowMillis}, newest first,
     * while {@code visitor} returns true.
     */
    void forEachRecent(long nowMillis, long windowMillis, BiPredicate<Long, V> visitor) {
        expire(nowMillis);
        for (Map.Entry<Long, Entry<V>> e : entries.reversed().entrySet()) {
            if (nowMillis - e.getValue().addedMillis() > windowMillis || !visitor.test(e.getKey(), e.getValue().value())) {
                return;
            }
        }
    }

    /** Applies {@code action} to every remembered value (for cleaning up). */
    void forEachValue(Consumer<V> action) {
        entries.values().forEach(e -> action.accept(e.value()));
    }

    int size() {
        return entries.size();
    }

    long evicted() {
        return evicted;
    }

    long expired() {
        return expired;
    }

    private void expire(long nowMillis) {
        Iterator<Entry<V>> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry<V> oldest = it.next();
            if (nowMillis - oldest.addedMillis() < expiryMillis) {
                return;
            }
            it.remove();
            uncharge(oldest);
            expired++;
        }
    }
}
