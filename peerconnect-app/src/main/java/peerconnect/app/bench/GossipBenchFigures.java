package peerconnect.app.bench;

import peerconnect.app.console.JsonLine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bench gossip} measured. Times are in milliseconds from a rumor's publication; a rumor
 * not delivered by every other node within {@link GossipBenchmark#RUMOR_TIMEOUT} has an infinite
 * time-to-all (it sorts last, and quantiles that reach it print as "never").
 *
 * @param settings          what ran
 * @param formSeconds       time to open every node and join each to the DHT
 * @param rumorSeconds      time from the first publication until the last rumor was done (plus 100 ms of stragglers)
 * @param toHalf            per rumor, ms until half of the other nodes delivered it, sorted
 * @param toAll             per rumor, ms until every other node delivered it, sorted
 * @param complete          rumors every other node delivered
 * @param byPush            of those, rumors every other node delivered within {@link GossipBenchmark#PUSH_WINDOW}
 * @param quiet             of those, rumors completed while no node sent any rumor by anti-entropy
 * @param datagrams         gossip datagrams sent by all nodes from the first publication to the end
 * @param bytes             their bytes, envelopes included
 * @param pushed            of the datagrams, rumors pushed (published and forwarded)
 * @param inDegree          per node, how many other nodes' gossip views hold it, sorted
 * @param lateDeliveries    (rumor, node) deliveries later than {@link GossipBenchmark#PUSH_WINDOW}, or never
 * @param mostLate          most such deliveries of one rumor: a few means push missed those nodes, many a stalled host
 * @param shed              datagrams the nodes' dispatchers shed (queues full) while the rumors spread
 * @param heapBytesPerNode  heap in use after a GC, with the nodes up, minus before, per node
 * @param threadsAdded      platform threads started for all the nodes together
 */
record GossipBenchFigures(GossipBenchSettings settings, double formSeconds, double rumorSeconds, double[] toHalf,
                          double[] toAll, int complete, int byPush, int quiet, long datagrams, long bytes, long pushed,
                          int[] inDegree, int lateDeliveries, int mostLate, long shed, double heapBytesPerNode,
                          int threadsAdded) {

    static GossipBenchFigures of(GossipBenchSettings settings, double formSeconds, double rumorSeconds,
                                 long[][] deliveredAt, long[] publishedAt, boolean[] quiet, long datagrams,
                                 long bytes, long pushed, int[] inDegree, long shed, double heapBytesPerNode,
                                 int threadsAdded) {
        int rumors = deliveredAt.length;
        int others = settings.nodes() - 1;
        double[] half = new double[rumors];
        double[] all = new double[rumors];
        int complete = 0;
        int pushOnly = 0;
        int quietOnes = 0;
        double window = GossipBenchmark.PUSH_WINDOW.toNanos() / 1e6;
        int late = 0;
        int mostLate = 0;
        for (int r = 0; r < rumors; r++) {
            double[] times = new double[others];
            int k = 0;
            for (long at : deliveredAt[r]) {
                if (at > 0) {
                    times[k++] = (at - publishedAt[r]) / 1e6;
                } else if (at == 0) {
                    times[k++] = Double.POSITIVE_INFINITY;
                }
            }
            Arrays.sort(times, 0, k);
            int lateHere = 0;
            for (int i = 0; i < k; i++) {
                lateHere += times[i] >= window ? 1 : 0;
            }
            late += lateHere;
            mostLate = Math.max(mostLate, lateHere);
            half[r] = times[Math.max(0, (others + 1) / 2 - 1)];
            all[r] = times[others - 1];
            if (!Double.isInfinite(all[r])) {
                complete++;
                pushOnly += all[r] < window ? 1 : 0;
                quietOnes += quiet[r] ? 1 : 0;
            }
        }
        Arrays.sort(half);
        Arrays.sort(all);
        int[] in = inDegree.clone();
        Arrays.sort(in);
        return new GossipBenchFigures(settings, formSeconds, rumorSeconds, half, all, complete, pushOnly, quietOnes,
                datagrams, bytes, pushed, in, late, mostLate, shed, heapBytesPerNode, threadsAdded);
    }

    double perNodePerRumor(long total) {
        return (double) total / settings.nodes() / settings.rumors();
    }

    double pushShare() {
        return (double) byPush / settings.rumors();
    }

    int inDegreeAt(double q) {
        int rank = (int) Math.ceil(q * inDegree.length) - 1;
        return inDegree[Math.max(0, Math.min(inDegree.length - 1, rank))];
    }

    String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "bench gossip: %d nodes on 127.0.0.1, %d rumors one at a time, seed %d"
                        + " (DHT formed in %.1f s, then %.1f s settled; rumors took %.1f s)%n",
                settings.nodes(), settings.rumors(), settings.seed(), formSeconds, settings.settle().toMillis() / 1e3,
                rumorSeconds));
        out.append(String.format(Locale.ROOT, "  time to half  p50 %s  p95 %s  p99 %s%n",
                ms(q(toHalf, 0.5)), ms(q(toHalf, 0.95)), ms(q(toHalf, 0.99))));
        out.append(String.format(Locale.ROOT, "  time to all   p50 %s  p95 %s  p99 %s%n",
                ms(q(toAll, 0.5)), ms(q(toAll, 0.95)), ms(q(toAll, 0.99))));
        out.append(String.format(Locale.ROOT, "  rumors delivered everywhere %d / %d; completed by push (within %d ms)"
                        + " %d (%.1f %%); with no pulled rumor sent meanwhile %d%n", complete, settings.rumors(),
                GossipBenchmark.PUSH_WINDOW.toMillis(), byPush, 100 * pushShare(), quiet));
        out.append(String.format(Locale.ROOT, "  deliveries later than %d ms %d (at most %d in one rumor); datagrams shed %d%n",
                GossipBenchmark.PUSH_WINDOW.toMillis(), lateDeliveries, mostLate, shed));
        out.append(String.format(Locale.ROOT, "  per node per rumor: %.2f gossip datagrams (%.2f pushed), %.0f bytes%n",
                perNodePerRumor(datagrams), perNodePerRumor(pushed), perNodePerRumor(bytes)));
        out.append(String.format(Locale.ROOT, "  gossip-view in-degree min %d  p5 %d  p50 %d  max %d%n",
                inDegreeAt(0), inDegreeAt(0.05), inDegreeAt(0.5), inDegreeAt(1)));
        out.append(String.format(Locale.ROOT, "  heap per node %.0f KB; platform threads added %d (receive loops are"
                + " virtual threads)%n", heapBytesPerNode / 1024, threadsAdded));
        return out.toString();
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nodes", settings.nodes());
        m.put("rumors", settings.rumors());
        m.put("seed", settings.seed());
        m.put("settle_s", settings.settle().toMillis() / 1e3);
        m.put("form_s", formSeconds);
        m.put("rumor_s", rumorSeconds);
        m.put("to_half_ms", quantiles(toHalf));
        m.put("to_all_ms", quantiles(toAll));
        m.put("complete", complete);
        m.put("by_push", byPush);
        m.put("by_push_share", pushShare());
        m.put("quiet", quiet);
        m.put("late_deliveries", lateDeliveries);
        m.put("most_late_in_one_rumor", mostLate);
        m.put("shed", shed);
        m.put("datagrams_per_node_per_rumor", perNodePerRumor(datagrams));
        m.put("pushed_per_node_per_rumor", perNodePerRumor(pushed));
        m.put("bytes_per_node_per_rumor", perNodePerRumor(bytes));
        m.put("in_degree", Map.of("min", inDegreeAt(0), "p5", inDegreeAt(0.05), "p50", inDegreeAt(0.5),
                "max", inDegreeAt(1)));
        m.put("heap_bytes_per_node", Math.round(heapBytesPerNode));
        m.put("platform_threads_added", threadsAdded);
        return JsonLine.of(m);
    }

    private static Map<String, Object> quantiles(double[] sorted) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", q(sorted, 0.5));
        m.put("p95", q(sorted, 0.95));
        m.put("p99", q(sorted, 0.99));
        return m;
    }

    private static double q(double[] sorted, double q) {
        return GossipBenchmark.quantile(sorted, q);
    }

    private static String ms(double v) {
        return Double.isInfinite(v) ? "never" : String.format(Locale.ROOT, "%.1f ms", v);
    }
}
