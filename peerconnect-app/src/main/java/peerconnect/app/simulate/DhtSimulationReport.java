package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Map;

/**
 * What a {@link DhtSimulation} measured. Everything but {@code wallTime}, {@code peakHeapBytes} and
 * {@code bytesPerNode} is a pure function of the settings (same seed, same report); those three
 * depend on the machine and are left out by {@link #reproducible()}.
 *
 * @param settings          what was run
 * @param lookupSuccessRate fraction of lookups of an existing id that returned that peer
 * @param closestRecall     fraction of lookups whose first result is the true closest live peer
 *                          (brute force over all ids)
 * @param recallAtK         mean fraction of the true k closest live peers among the k results
 * @param hopsP50           median hops to the target (replies on the chain that led to it; 0 if it
 *                          was in the asking node's own table)
 * @param hopsP95           95th percentile of hops
 * @param hopsP99           99th percentile of hops
 * @param hopsMax           largest hop count seen
 * @param rpcsPerLookup     mean queries a lookup sent
 * @param putSuccessRate    fraction of puts acknowledged by at least one peer
 * @param getSuccessRate    fraction of gets (after churn, if any) that returned the value put
 * @param joinRpcsPerNode   mean RPC attempts a node made while joining and in the
 *                          {@value DhtSimulation#SETTLE_MINUTES} virtual minutes after the last join,
 *                          which hold the work a join defers (refresh of empty buckets, peer list)
 * @param joinRpcsByOp      the same by operation ({@code PING}, {@code FIND_NODE}, …), zeros left out
 * @param nodesRemoved      nodes that left without notice (churn)
 * @param datagrams         datagrams sent on the network in the whole run
 * @param virtualTime       simulated time the run took
 * @param wallTime          real time the run took
 * @param peakHeapBytes     most heap in use at any sample (every 65,536 scheduler tasks and at each
 *                          phase end), garbage not yet collected included; never above the limit
 * @param heapLimitBytes    the JVM's maximum heap ({@code -Xmx})
 * @param liveHeapBytes     heap in use right after a full GC once the network is built: what the
 *                          10,000 nodes really need
 * @param bytesPerNode      live heap the build added, per node: (used after − used before) / nodes,
 *                          both measured after {@code System.gc()}
 * @param lookupTimes       how long the lookups took in virtual time (a pure function of the settings)
 */
public record DhtSimulationReport(DhtSimulationSettings settings, double lookupSuccessRate, double closestRecall,
                                  double recallAtK, int hopsP50, int hopsP95, int hopsP99, int hopsMax,
                                  double rpcsPerLookup, double putSuccessRate, double getSuccessRate,
                                  double joinRpcsPerNode, Map<String, Double> joinRpcsByOp,
                                  int nodesRemoved, long datagrams, Duration virtualTime,
                                  Duration wallTime, long peakHeapBytes, long heapLimitBytes, long liveHeapBytes,
                                  long bytesPerNode, LookupTimes lookupTimes) {

    /**
     * Virtual milliseconds from a lookup's start to its result.
     *
     * @param p50Millis median
     * @param p95Millis 95th percentile
     * @param p99Millis 99th percentile
     */
    public record LookupTimes(long p50Millis, long p95Millis, long p99Millis) {
    }

    /** Copies the map, so the report stays immutable. */
    public DhtSimulationReport {
        joinRpcsByOp = Map.copyOf(joinRpcsByOp);
    }

    /** The same report without the machine-dependent figures: equal for equal settings. */
    public DhtSimulationReport reproducible() {
        return new DhtSimulationReport(settings, lookupSuccessRate, closestRecall, recallAtK, hopsP50, hopsP95,
                hopsP99, hopsMax, rpcsPerLookup, putSuccessRate, getSuccessRate, joinRpcsPerNode, joinRpcsByOp,
                nodesRemoved,
                datagrams, virtualTime, Duration.ZERO, 0, 0, 0, 0, lookupTimes);
    }
}
