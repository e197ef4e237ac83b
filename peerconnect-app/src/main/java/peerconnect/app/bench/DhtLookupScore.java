package peerconnect.app.bench;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import peerconnect.adapter.kademlia.LookupTrace;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * The lookups of one {@code bench dht}, scored as they end: whether each found its node, and how
 * many of the true k closest (brute force over every node's id) it returned.
 */
final class DhtLookupScore {
    private final PeerId[] ids;
    private final int k;
    private int done;
    private int found;
    private double recallSum;
    private long rpcs;

    /** @param ids every node's id; {@code k} the closest a lookup returns */
    DhtLookupScore(PeerId[] ids, int k) {
        this.ids = ids.clone();
        this.k = k;
    }

    /** Scores a lookup of node {@code target}'s id from node {@code from} that ended with {@code r}. */
    void add(int from, int target, LookupTrace r) {
        done++;
        rpcs += r.rpcs();
        if (r.closest().stream().anyMatch(c -> c.id().equals(ids[target]))) {
            found++;
        }
        Set<PeerId> truth = trueClosest(ids[target], from);
        int hit = 0;
        for (PeerContact c : r.closest()) {
            if (truth.contains(c.id())) {
                hit++;
            }
        }
        recallSum += (double) hit / truth.size();
    }

    private Set<PeerId> trueClosest(PeerId target, int excluded) {
        PriorityQueue<Integer> farthestFirst = new PriorityQueue<>(k + 1,
                (a, b) -> target.compareDistances(ids[b], ids[a]));
        for (int i = 0; i < ids.length; i++) {
            if (i != excluded) {
                farthestFirst.add(i);
                if (farthestFirst.size() > k) {
                    farthestFirst.poll();
                }
            }
        }
        Set<PeerId> out = new HashSet<>();
        for (int i : farthestFirst) {
            out.add(ids[i]);
        }
        return out;
    }

    double successRate() {
        return done == 0 ? 1 : (double) found / done;
    }

    double recallAtK() {
        return done == 0 ? 1 : recallSum / done;
    }

    double rpcsPerLookup() {
        return done == 0 ? 0 : (double) rpcs / done;
    }
}
