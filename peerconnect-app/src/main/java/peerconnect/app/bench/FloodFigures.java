package peerconnect.app.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import peerconnect.domain.DropReason;
import peerconnect.domain.RateLimit;

/**
 * What {@code bench flood} measured.
 *
 * @param floodRate        the flooder's pace in datagrams per second; 0 = as fast as the kernel takes them
 * @param limit            the target's per-address limit the flooder is held to
 * @param baseline         honest lookups for as long before the flood, with no flood
 * @param underFlood       honest lookups during the flood
 * @param flooderSent      datagrams the kernel took from the flooder
 * @param flooderRead      of those, datagrams the target's socket read (the rest the kernel dropped)
 * @param flooderAdmitted  read minus those the target's limiter refused (every RATE_LIMITED drop is the
 *                         flooder's: honest nodes send a few hundred datagrams a second at most)
 * @param dropped          the target's drops during the flood, by reason
 * @param queueHighWater   most events ever queued at the target at once
 * @param heapBefore       heap used after a GC before the flood (the whole JVM: target and honest nodes)
 * @param heapAfter        the same after the flood
 * @param receiveErrors    failed reads of the target's socket
 * @param flooderInRoutingTable whether the target's routing table holds a contact at the flooder's address
 *                         afterwards (then it hands the flooder out to honest lookups, which wait for it)
 */
record FloodFigures(int honestNodes, double seconds, long floodRate, RateLimit limit, Lookups baseline, Lookups underFlood,
                    long flooderSent, long flooderRead, long flooderAdmitted, Map<DropReason, Long> dropped,
                    int queueHighWater, long heapBefore, long heapAfter, long receiveErrors,
                    boolean flooderInRoutingTable) {
    /** Goal: honest lookups through a flooded node still succeed at this rate. */
    static final double SUCCESS_GOAL = 0.99;

    FloodFigures {
        dropped = Map.copyOf(dropped);
    }

    /** Honest lookups of the target by every honest node, one at a time each; p50 of the successful ones. */
    record Lookups(long attempted, long succeeded, double p50Millis) {
        double successRate() {
            return attempted == 0 ? Double.NaN : (double) succeeded / attempted;
        }

        String json() {
            return "{\"attempted\":" + attempted + ",\"succeeded\":" + succeeded + ",\"success_rate\":"
                    + num(successRate()) + ",\"p50_ms\":" + num(p50Millis) + "}";
        }
    }

    double successRate() {
        return underFlood.successRate();
    }

    /** Most the limiter may admit from one address in the flood: rate x time + burst. */
    double admissionBound() {
        return limit.perSecond() * seconds + limit.burst();
    }

    String toText() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench flood: loopback, target with default rate limits (per address %,d/s,"
                + " burst %,d), %d honest nodes, %.1f s of flood from %s, %s%n", limit.perSecond(), limit.burst(),
                honestNodes, seconds, FloodBenchmark.FLOODER_IP,
                floodRate == 0 ? "as fast as it can" : String.format(Locale.ROOT, "paced at %,d/s", floodRate)));
        b.append(String.format(Locale.ROOT, "honest lookups of the target, no flood: attempted %,d, succeeded %,d (%.2f %%),"
                + " p50 %.1f ms%n", baseline.attempted(), baseline.succeeded(), 100 * baseline.successRate(),
                baseline.p50Millis()));
        b.append(String.format(Locale.ROOT, "honest lookups of the target, flooded: attempted %,d, succeeded %,d (%.2f %%,"
                        + " goal >= %.0f %%), p50 %.1f ms (%.2f x no flood)%n", underFlood.attempted(), underFlood.succeeded(),
                100 * successRate(), 100 * SUCCESS_GOAL, underFlood.p50Millis(),
                underFlood.p50Millis() / baseline.p50Millis()));
        b.append(String.format(Locale.ROOT, "flooder: sent %,d (%,.0f/s), read by the target's socket %,d, admitted %,d"
                        + " (%,.0f/s; bound rate x t + burst = %,.0f)%n", flooderSent, flooderSent / seconds, flooderRead,
                flooderAdmitted, flooderAdmitted / seconds, admissionBound()));
        b.append("target drops: ").append(counts(dropped)).append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "target queue high-water %,d; heap used after GC %.1f MB before, %.1f MB after"
                + " (whole JVM); socket receive errors %d%n", queueHighWater, heapBefore / 1e6, heapAfter / 1e6,
                receiveErrors));
        b.append(String.format(Locale.ROOT, "flooder in the target's routing table afterwards: %s%n",
                flooderInRoutingTable ? "yes" : "no"));
        return b.toString();
    }

    String toJson() {
        return "{\"honest_nodes\":" + honestNodes + ",\"seconds\":" + num(seconds) + ",\"flood_rate\":" + floodRate
                + ",\"limit_per_second\":" + limit.perSecond() + ",\"limit_burst\":" + limit.burst()
                + ",\"lookups\":" + underFlood.json() + ",\"baseline_lookups\":" + baseline.json()
                + ",\"goal_min_success_rate\":" + num(SUCCESS_GOAL)
                + ",\"flooder\":{\"sent\":" + flooderSent + ",\"read\":" + flooderRead + ",\"admitted\":" + flooderAdmitted
                + ",\"admission_bound\":" + num(admissionBound()) + "}"
                + ",\"dropped\":" + dropped.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                        Map.Entry::getValue, (x, y) -> x, TreeMap::new)).entrySet().stream()
                        .map(e -> '"' + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}"))
                + ",\"queue_high_water\":" + queueHighWater + ",\"heap_before_bytes\":" + heapBefore
                + ",\"heap_after_bytes\":" + heapAfter + ",\"receive_errors\":" + receiveErrors
                + ",\"flooder_in_routing_table\":" + flooderInRoutingTable + "}";
    }

    private static String counts(Map<DropReason, Long> m) {
        return m.isEmpty() ? "none" : new TreeMap<>(m).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null";
    }
}
