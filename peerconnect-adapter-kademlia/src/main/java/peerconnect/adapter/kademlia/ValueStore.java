package peerconnect.adapter.kademlia;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import peerconnect.domain.PeerId;

/**
 * Values this node holds for the network, each with its expiry instant (epoch milliseconds of the
 * node's clock) and the IP address that stored it. Bounded in total and per source address: a full
 * store, or a source at its share ({@link SourceShare}), is refused (after dropping expired values)
 * rather than evicting values others rely on. The per-source counts hold only sources with a live
 * value, so they are bounded by the capacity too. A store whose expiry has already passed deletes the
 * key (how a publisher withdraws its value), but only when it comes from the source that stored the
 * value held: another source's deletion is refused. Not thread-safe: the node's lock guards it.
 */
final class ValueStore {
    /**
     * A value, when it expires, and who stored it: null for this node's own replicas, which count in
     * no source's share (null never leaves this class: see {@link #source()}).
     */
    record Stored(byte[] value, long expiresAtMillis, InetAddress sourceOrNull) {
        /** Who stored it; empty for this node's own copy. */
        Optional<InetAddress> source() {
            return Optional.ofNullable(sourceOrNull);
        }
    }

    /** What {@link #put} did. */
    enum PutResult { STORED, DELETED, REFUSED_FULL, REFUSED_SOURCE_QUOTA, REFUSED_NOT_SOURCE }

    private final int capacity;
    private final int perSource;
    private final Map<PeerId, Stored> values = new HashMap<>();
    private final Map<InetAddress, Integer> perSourceCount = new HashMap<>();

    ValueStore(int capacity, int perSource) {
        this.capacity = capacity;
        this.perSource = perSource;
    }

    /** Stores or replaces {@code key} as this node's own; refused only if the store is full of other live keys. */
    PutResult putOwn(PeerId key, byte[] value, long expiresAtMillis, long nowMillis) {
        return put(key, value, expiresAtMillis, nowMillis, null, false);
    }

    /** Stores or replaces {@code key} for {@code source}, within the total capacity and the source's share. */
    PutResult putFrom(InetAddress source, PeerId key, byte[] value, long expiresAtMillis, long nowMillis) {
        return put(key, value, expiresAtMillis, nowMillis, java.util.Objects.requireNonNull(source, "source"), false);
    }

    /**
     * Puts back a value from the saved state with the source it had, within the total capacity but
     * past the source's share: it was accepted once, and shares move as sources come and go.
     */
    PutResult restore(PeerId key, byte[] value, long expiresAtMillis, long nowMillis, Optional<InetAddress> source) {
        return put(key, value, expiresAtMillis, nowMillis, source.orElse(null), true);
    }

    /** Removes {@code key}; whether it was held. */
    boolean remove(PeerId key) {
        Stored s = values.remove(key);
        if (s != null) {
            uncount(s.sourceOrNull());
        }
        return s != null;
    }

    /** Removes {@code key} if this node holds it as its own copy; whether it did. */
    boolean removeOwn(PeerId key) {
        Stored s = values.get(key);
        return s != null && s.sourceOrNull() == null && remove(key);
    }

    /**
     * Extends {@code key} to {@code expiresAtMillis} if it is held, live, stored by {@code source} and
     * its value's {@link KademliaCodec#digest} is {@code digest} (a republish that needs no body);
     * never shortens it.
     *
     * @return the value as now held, or empty (not held for that source, or other bytes)
     */
    Optional<Stored> refresh(PeerId key, byte[] digest, InetAddress source, long expiresAtMillis, long nowMillis) {
        Stored s = values.get(key);
        if (s == null || s.expiresAtMillis() <= nowMillis || !source.equals(s.sourceOrNull())
                || !java.security.MessageDigest.isEqual(digest, KademliaCodec.digest(s.value()))) {
            return Optional.empty();
        }
        Stored extended = new Stored(s.value(), Math.max(s.expiresAtMillis(), expiresAtMillis), s.sourceOrNull());
        values.put(key, extended);
        return Optional.of(extended);
    }

    /** The most values {@code source} may hold now. */
    int shareOf(InetAddress source) {
        int sources = perSourceCount.size() + (perSourceCount.containsKey(source) ? 0 : 1);
        return SourceShare.limit(capacity, perSource, sources);
    }

    private PutResult put(PeerId key, byte[] value, long expiresAtMillis, long nowMillis, InetAddress source,
                          boolean pastShare) {
        Stored old = values.get(key);
        if (expiresAtMillis <= nowMillis) {
            // Only the source that stored a value may delete it ("source": see docs/PROTOCOL.md, STORE);
            // a deletion of what is not held, or is already expired, asks nothing of anyone.
            if (old != null && old.expiresAtMillis() > nowMillis && !pastShare
                    && !java.util.Objects.equals(old.sourceOrNull(), source)) {
                return PutResult.REFUSED_NOT_SOURCE;
            }
            remove(key);
            return PutResult.DELETED;
        }
        boolean sameSource = old != null && java.util.Objects.equals(old.sourceOrNull(), source);
        if (old == null && values.size() >= capacity) {
            purgeExpired(nowMillis);
            if (values.size() >= capacity) {
                return PutResult.REFUSED_FULL;
            }
        }
        if (source != null && !pastShare && !sameSource && countOf(source) >= shareOf(source)) {
            purgeExpired(nowMillis);
            if (countOf(source) >= shareOf(source)) {
                return PutResult.REFUSED_SOURCE_QUOTA;
            }
        }
        Stored replaced = values.put(key, new Stored(value.clone(), expiresAtMillis, source));
        if (replaced != null) {
            uncount(replaced.sourceOrNull());
        }
        if (source != null) {
            perSourceCount.merge(source, 1, Integer::sum);
        }
        return PutResult.STORED;
    }

    /** Values {@code source} has stored here. */
    int countOf(InetAddress source) {
        return perSourceCount.getOrDefault(source, 0);
    }

    /** Sources with at least one value here. */
    int sourceCount() {
        return perSourceCount.size();
    }

    private void uncount(InetAddress source) {
        if (source != null) {
            perSourceCount.computeIfPresent(source, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    Optional<byte[]> get(PeerId key, long nowMillis) {
        Stored s = values.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expiresAtMillis() <= nowMillis) {
            values.remove(key);
            uncount(s.sourceOrNull());
            return Optional.empty();
        }
        return Optional.of(s.value().clone());
    }

    int purgeExpired(long nowMillis) {
        int before = values.size();
        for (Iterator<Stored> it = values.values().iterator(); it.hasNext(); ) {
            Stored s = it.next();
            if (s.expiresAtMillis() <= nowMillis) {
                it.remove();
                uncount(s.sourceOrNull());
            }
        }
        return before - values.size();
    }

    int size() {
        return values.size();
    }

    /** Every live entry, for a snapshot. */
    List<Map.Entry<PeerId, Stored>> entries(long nowMillis) {
        List<Map.Entry<PeerId, Stored>> out = new ArrayList<>();
        for (Map.Entry<PeerId, Stored> e : values.entrySet()) {
            if (e.getValue().expiresAtMillis() > nowMillis) {
                out.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
