package peerconnect.app.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import peerconnect.adapter.kademlia.LookupTrace;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** What the lookups of one {@link DhtSimulation} run found, summed as they are checked. */
final class DhtLookupTally {
    /** Hops of each successful lookup. */
    final List<Integer> hops = new ArrayList<>();
    /** Virtual milliseconds each lookup took, from its start to its result. */
    private final List<Long> millis = new ArrayList<>();
    int done;
    int success;
    int closest;
    double recallSum;
    long rpcs;

    /**
     * Scores one lookup of {@code target} that ended with {@code r} (null: it failed) after
     * {@code tookMillis} against {@code truth}, the true closest live ids.
     */
    void add(LookupTrace r, long tookMillis, PeerId target, List<PeerId> truth) {
        done++;
        if (r == null) {
            return;
        }
        millis.add(tookMillis);
        rpcs += r.rpcs();
        List<PeerContact> found = r.closest();
        if (found.stream().anyMatch(c -> c.id().equals(target))) {
            success++;
            hops.add(r.hops());
        }
        if (!found.isEmpty() && found.get(0).id().equals(truth.get(0))) {
            closest++;
        }
        int hit = 0;
        for (PeerContact c : found) {
            if (truth.contains(c.id())) {
                hit++;
            }
        }
        recallSum += (double) hit / truth.size();
    }

    /** The {@code k} live ids closest to {@code target}, closest first, leaving out {@code excluded}. */
    static List<PeerId> trueClosest(PeerId[] ids, boolean[] alive, PeerId target, int excluded, int k) {
        PriorityQueue<Integer> farthestFirst = new PriorityQueue<>(k + 1,
                (a, b) -> target.compareDistances(ids[b], ids[a]));
        for (int i = 0; i < ids.length; i++) {
            if (!alive[i] || i == excluded) {
                continue;
            }
            // Most ids are farther than the k-th closest so far: one comparison instead of an
            // add and a poll (ids are distinct, so no tie decides what is kept).
            if (farthestFirst.size() == k && target.compareDistances(ids[i], ids[farthestFirst.peek()]) > 0) {
                continue;
            }
            farthestFirst.add(i);
            if (farthestFirst.size() > k) {
                farthestFirst.poll();
            }
        }
        PeerId[] out = new PeerId[farthestFirst.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = ids[farthestFirst.poll()];
        }
        return Arrays.asList(out);
    }

    /** The lookups' virtual durations: p50, p95, p99 in milliseconds. */
    DhtSimulationReport.LookupTimes times() {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return new DhtSimulationReport.LookupTimes(percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99));
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    double successRate() {
        return done == 0 ? 1 : (double) success / done;
    }

    double closestRate() {
        return done == 0 ? 1 : (double) closest / done;
    }

    double recallAtK() {
        return done == 0 ? 1 : recallSum / done;
    }

    double rpcsPerLookup() {
        return done == 0 ? 0 : (double) rpcs / done;
    }
}
