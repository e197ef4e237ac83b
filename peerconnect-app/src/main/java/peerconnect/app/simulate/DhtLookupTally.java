package peerconnect.app.simulate;

import java.util.ArrayList;
import java.util.List;

/** What the lookups of one {@link DhtSimulation} run found, summed as they are checked. */
final class DhtLookupTally {
    /** Hops of each successful lookup. */
    final List<Integer> hops = new ArrayList<>();
    int done;
    int success;
    int closest;
    double recallSum;
    long rpcs;

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
