package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import peerconnect.domain.PeerId;

/**
 * Values this node holds for the network, each with its expiry instant (epoch milliseconds of the
 * node's clock). Bounded: a full store refuses new keys (after dropping expired ones) rather than
 * evicting values others rely on. Not thread-safe: the node's lock guards it.
 */
final class ValueStore {
    /** A value and when it expires. */
    record Stored(byte[] value, long expiresAtMillis) {
    }

    private final int capacity;
    private final Map<PeerId, Stored> values = new HashMap<>();

    ValueStore(int capacity) {
        this.capacity = capacity;
    }

    /** Stores or replaces {@code key}; returns false if the store is full of other live keys. */
    boolean put(PeerId key, byte[] value, long expiresAtMillis, long nowMillis) {
        if (!values.containsKey(key) && values.size() >= capacity) {
            purgeExpired(nowMillis);
            if (values.size() >= capacity) {
                return false;
            }
        }
        values.put(key, new Stored(value.clone(), expiresAtMillis));
        return true;
    }

    Optional<byte[]> get(PeerId key, long nowMillis) {
        Stored s = values.get(key);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expiresAtMillis() <= nowMillis) {
            values.remove(key);
            return Optional.empty();
        }
        return Optional.of(s.value().clone());
    }

    int purgeExpired(long nowMillis) {
        int before = values.size();
        for (Iterator<Stored> it = values.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() <= nowMillis) {
                it.remove();
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
