package peerconnect.app.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import peerconnect.app.console.JsonLine;

/**
 * What {@code bench dht} measured.
 *
 * @param settings          what was run
 * @param formationSeconds  from the first node's start to the last join's end, wall time
 * @param joinRpcsByOp      RPC attempts per node by operation, over the joins and the settle time,
 *                          and all of them under {@link DhtBenchmark#ALL}
 * @param lookupMillis      lookup wall time p50, p95, p99, milliseconds
 * @param rpcsPerLookup     mean queries a lookup sent
 * @param successRate       fraction of lookups that returned the sought node
 * @param recallAtK         mean fraction of the true k closest among a lookup's k results
 * @param heapBytesPerNode  live heap the formed network added, per node (after a full GC)
 * @param platformThreads   platform threads the network added in all (its receive loops are virtual)
 * @param failedJoins       joins that did not bootstrap
 */
record DhtBenchFigures(DhtBenchSettings settings, double formationSeconds, Map<String, Double> joinRpcsByOp,
                       double[] lookupMillis, double rpcsPerLookup, double successRate, double recallAtK,
                       double heapBytesPerNode, int platformThreads, int failedJoins) {

    DhtBenchFigures {
        joinRpcsByOp = Map.copyOf(joinRpcsByOp);
        lookupMillis = lookupMillis.clone();
    }

    /** All RPC attempts per node over the joins and the settle time. */
    double joinRpcsPerNode() {
        return joinRpcsByOp.getOrDefault(DhtBenchmark.ALL, 0.0);
    }

    private Map<String, Double> byType() {
        Map<String, Double> out = new TreeMap<>(joinRpcsByOp);
        out.remove(DhtBenchmark.ALL);
        return out;
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench dht: %,d nodes on 127.0.0.1, %d joins in flight, %,d lookups,"
                + " settle %d s, seed %d%n", settings.nodes(), settings.joinsInFlight(), settings.lookups(),
                settings.settle().toSeconds(), settings.seed()));
        line(b, "formation", String.format(Locale.ROOT, "%.1f s (%d joins failed)", formationSeconds, failedJoins));
        line(b, "RPCs per join", String.format(Locale.ROOT, "%.1f", joinRpcsPerNode()));
        StringBuilder byOp = new StringBuilder();
        byType().forEach((op, n) -> byOp.append(byOp.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", op, n)));
        line(b, "  by type", byOp.toString());
        line(b, "lookup p50/p95/p99", String.format(Locale.ROOT, "%.2f / %.2f / %.2f ms", lookupMillis[0],
                lookupMillis[1], lookupMillis[2]));
        line(b, "RPCs per lookup", String.format(Locale.ROOT, "%.1f", rpcsPerLookup));
        line(b, "lookup success", String.format(Locale.ROOT, "%.2f %%", successRate * 100));
        line(b, "recall of k closest", String.format(Locale.ROOT, "%.3f", recallAtK));
        line(b, "heap per node", String.format(Locale.ROOT, "%.1f KiB", heapBytesPerNode / 1024));
        line(b, "threads", String.format(Locale.ROOT, "%d platform threads for all nodes (%.3f per node),"
                + " one virtual receive loop per node", platformThreads, platformThreads / (double) settings.nodes()));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", label, value));
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", settings.nodes());
        m.put("lookups", settings.lookups());
        m.put("joinsInFlight", settings.joinsInFlight());
        m.put("settleSeconds", settings.settle().toSeconds());
        m.put("seed", settings.seed());
        m.put("formationSeconds", formationSeconds);
        m.put("failedJoins", failedJoins);
        m.put("joinRpcsPerNode", joinRpcsPerNode());
        m.put("joinRpcsByOp", byType());
        m.put("lookupMillisP50", lookupMillis[0]);
        m.put("lookupMillisP95", lookupMillis[1]);
        m.put("lookupMillisP99", lookupMillis[2]);
        m.put("rpcsPerLookup", rpcsPerLookup);
        m.put("lookupSuccessRate", successRate);
        m.put("recallAtK", recallAtK);
        m.put("heapBytesPerNode", heapBytesPerNode);
        m.put("platformThreads", platformThreads);
        return JsonLine.of(m);
    }
}
