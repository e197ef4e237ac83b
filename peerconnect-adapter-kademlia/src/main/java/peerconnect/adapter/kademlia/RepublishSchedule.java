package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerId;

/**
 * When each published value is due to be stored again (paper, section 2.5), so that republishing is
 * spread over the interval instead of one burst: a value is due one interval after it was last
 * stored; values loaded at start are given due times spread at random over the first interval; a
 * tick takes at most its budget of due values, oldest first, and the rest wait for the next tick.
 * Pure bookkeeping on the node's clock; not thread-safe (the node's lock guards it).
 */
final class RepublishSchedule {
    private final long intervalMillis;
    private final Map<PeerId, Long> due = new HashMap<>();

    RepublishSchedule(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /** {@code key} was just stored at the closest peers: due again one interval from now. */
    void stored(PeerId key, long nowMillis) {
        due.put(key, nowMillis + intervalMillis);
    }

    /** {@code key} was loaded from the saved state: due at a random point of the first interval. */
    void loaded(PeerId key, long nowMillis, RandomGenerator random) {
        due.put(key, nowMillis + random.nextLong(intervalMillis));
    }

    /** {@code key} is no longer published. */
    void forget(PeerId key) {
        due.remove(key);
    }

    /** Values scheduled. */
    int size() {
        return due.size();
    }

    /**
     * Up to {@code budget} keys due at {@code nowMillis}, most overdue first; each is due again one
     * interval after now.
     */
    List<PeerId> takeDue(long nowMillis, int budget) {
        List<Map.Entry<PeerId, Long>> ready = new ArrayList<>();
        for (Map.Entry<PeerId, Long> e : due.entrySet()) {
            if (e.getValue() <= nowMillis) {
                ready.add(e);
            }
        }
        ready.sort(Map.Entry.<PeerId, Long>comparingByValue().thenComparing(e -> e.getKey().toString()));
        List<PeerId> out = new ArrayList<>();
        for (Map.Entry<PeerId, Long> e : ready.subList(0, Math.min(budget, ready.size()))) {
            out.add(e.getKey());
        }
        for (PeerId key : out) {
            due.put(key, nowMillis + intervalMillis);
        }
        return out;
    }
}
