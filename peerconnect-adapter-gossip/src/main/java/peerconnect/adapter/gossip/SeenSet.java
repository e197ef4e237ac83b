package peerconnect.adapter.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The message ids a node remembers, with a value each: bounded in size and in time. An id is kept for
 * {@code expiryMillis} after it was first added, and at most {@code capacity} ids are kept at once —
 * adding one more evicts the oldest. Expirations and evictions are counted. Pure: time is handed in.
 * Not thread-safe.
 */
final class SeenSet<V> {
    private final int capacity;
    private final long expiryMillis;
    // Insertion order is age order: entries are never re-inserted or refreshed.
    private final LinkedHashMap<Long, Entry<V>> entries = new LinkedHashMap<>();
    private long evicted;
    private long expired;

    private record Entry<V>(long addedMillis, V value) {
    }

    SeenSet(int capacity, long expiryMillis) {
        if (capacity <= 0 || expiryMillis <= 0) {
            throw new IllegalArgumentException("capacity and expiry must be positive: " + capacity + ", " + expiryMillis);
        }
        this.capacity = capacity;
        this.expiryMillis = expiryMillis;
    }

    /** The value of {@code id} if it is still remembered at {@code nowMillis}, else null. */
    V get(long id, long nowMillis) {
        expire(nowMillis);
        Entry<V> e = entries.get(id);
        return e == null ? null : e.value();
    }

    /** Remembers {@code id} from {@code nowMillis} on; returns false (and changes nothing) if already remembered. */
    boolean add(long id, V value, long nowMillis) {
        expire(nowMillis);
        if (entries.containsKey(id)) {
            return false;
        }
        entries.put(id, new Entry<>(nowMillis, value));
        if (entries.size() > capacity) {
            Iterator<Entry<V>> oldest = entries.values().iterator();
            oldest.next();
            oldest.remove();
            evicted++;
        }
        return true;
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
            expired++;
        }
    }
}
