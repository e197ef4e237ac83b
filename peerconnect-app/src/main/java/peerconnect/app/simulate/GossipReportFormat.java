package peerconnect.app.simulate;

import java.util.Locale;

/** Writes a gossip simulation report for people (aligned lines) or for programs (one JSON object). */
final class GossipReportFormat {
    private GossipReportFormat() {
    }

    static String text(GossipSimulationReport r, double wallSeconds, long peakHeapBytes) {
        GossipSimulationSettings s = r.settings();
        StringBuilder b = new StringBuilder();
        line(b, "gossip simulation", String.format(Locale.ROOT,
                "%d nodes, %d rumors, fanout %d, loss %s, churn %s, anti-entropy %s, seed %d",
                s.nodes(), s.rumors(), s.fanout(), num(s.loss()), num(s.churn()),
                s.antiEntropyInterval().isZero() ? "off (pure push)"
                        : "every " + s.antiEntropyInterval().toMillis() + " ms", s.seed()));
        line(b, "peer views", "gossip views fed by synthetic Kademlia-shaped routing tables, k = " + GossipSimulation.K
                + " per bucket, shuffled for " + GossipSimulation.SETTLE.toSeconds() + " s before the first rumor;"
                + " 1 round = " + GossipSimulation.ROUND.toMillis() + " ms of virtual latency");
        line(b, "live nodes", r.liveNodes() + " of " + s.nodes());
        line(b, "coverage", String.format(Locale.ROOT, "min %s, p50 %s; %d of %d rumors reached every live node",
                pct(r.coverageMin()), pct(r.coverageP50()), r.rumorsFullyCovered(), s.rumors()));
        line(b, "rounds to 99 %", String.format(Locale.ROOT, "max %s, p50 %s (goal <= 2*log3(N) = %.1f)",
                rounds(r.rounds99Max()), rounds(r.rounds99P50()), r.roundGoal()));
        line(b, "rounds to last", String.format(Locale.ROOT, "max %d, p50 %d", r.roundsLastMax(), r.roundsLastP50()));
        line(b, "datagrams/node/rumor", String.format(Locale.ROOT, "%.3f (push %.3f, anti-entropy %.3f, shuffles %.3f)",
                r.datagramsPerNodePerRumor(), r.pushPerNodePerRumor(), r.pullPerNodePerRumor(),
                r.shufflePerNodePerRumor()));
        line(b, "duplicates suppressed", Long.toString(r.duplicatesSuppressed()));
        line(b, "extra deliveries", Long.toString(r.extraDeliveries()));
        line(b, "rejected datagrams", Long.toString(r.rejected()));
        if (s.search()) {
            line(b, "search", String.format(Locale.ROOT, "%s; %d result(s), first after %s rounds, %d datagrams",
                    r.searchFound() ? "found the one node with the name" : "NOT FOUND", r.searchResults(),
                    rounds(r.searchFirstResultRounds()), r.searchDatagrams()));
        }
        line(b, "virtual time", r.virtualMillis() + " ms");
        line(b, "datagrams sent", Long.toString(r.datagramsSent()));
        line(b, "wall time", String.format(Locale.ROOT, "%.1f s", wallSeconds));
        line(b, "peak heap", String.format(Locale.ROOT, "%d MB", peakHeapBytes >> 20));
        return b.toString();
    }

    static String json(GossipSimulationReport r, double wallSeconds, long peakHeapBytes) {
        GossipSimulationSettings s = r.settings();
        StringBuilder b = new StringBuilder("{");
        field(b, "nodes", s.nodes());
        field(b, "rumors", s.rumors());
        field(b, "fanout", s.fanout());
        field(b, "loss", s.loss());
        field(b, "churn", s.churn());
        field(b, "antiEntropyMillis", s.antiEntropyInterval().toMillis());
        field(b, "seed", s.seed());
        field(b, "peerViews", "\"synthetic-kademlia-k" + GossipSimulation.K + "\"");
        field(b, "roundMillis", GossipSimulation.ROUND.toMillis());
        field(b, "liveNodes", r.liveNodes());
        field(b, "coverageMin", r.coverageMin());
        field(b, "coverageP50", r.coverageP50());
        field(b, "rumorsFullyCovered", r.rumorsFullyCovered());
        field(b, "rounds99Max", r.rounds99Max());
        field(b, "rounds99P50", r.rounds99P50());
        field(b, "roundsLastMax", r.roundsLastMax());
        field(b, "roundsLastP50", r.roundsLastP50());
        field(b, "roundGoal", r.roundGoal());
        field(b, "datagramsPerNodePerRumor", r.datagramsPerNodePerRumor());
        field(b, "pushPerNodePerRumor", r.pushPerNodePerRumor());
        field(b, "pullPerNodePerRumor", r.pullPerNodePerRumor());
        field(b, "shufflePerNodePerRumor", r.shufflePerNodePerRumor());
        field(b, "duplicatesSuppressed", r.duplicatesSuppressed());
        field(b, "extraDeliveries", r.extraDeliveries());
        field(b, "rejected", r.rejected());
        field(b, "searched", s.search());
        field(b, "searchFound", r.searchFound());
        field(b, "searchResults", r.searchResults());
        field(b, "searchFirstResultRounds", r.searchFirstResultRounds());
        field(b, "searchDatagrams", r.searchDatagrams());
        field(b, "virtualMillis", r.virtualMillis());
        field(b, "datagramsSent", r.datagramsSent());
        field(b, "wallSeconds", wallSeconds);
        field(b, "peakHeapBytes", peakHeapBytes);
        b.setLength(b.length() - 1);
        return b.append("}\n").toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-22s %s%n", label + ":", value));
    }

    private static void field(StringBuilder b, String name, Object value) {
        String v = value instanceof Double d ? jsonNumber(d) : String.valueOf(value);
        b.append('"').append(name).append("\":").append(v).append(',');
    }

    private static String jsonNumber(double d) {
        // JSON has no NaN or infinities; a report never holds them, but a broken one must not print invalid JSON.
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.3f %%", 100 * fraction);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%s", d);
    }

    private static String rounds(int rounds) {
        return rounds < 0 ? "never" : Integer.toString(rounds);
    }
}
