package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Locale;

/**
 * What a {@link FaultSimulation} measured.
 *
 * @param settings                  what was simulated
 * @param meanTableBefore           contacts per node when the faults started
 * @param meanTableAfter            contacts per node at the end
 * @param steadyLiveEvictions       evictions of live, reachable peers during the steady spell
 * @param liveEvictions             evictions of live, reachable peers over the whole run (the cut excluded)
 * @param deadEvictions             evictions of peers that were down or had moved
 * @param cutEvictions              evictions of peers on the other side of the partition, during it
 * @param rejoinMillis              per restarted node, sorted: virtual milliseconds from its restart to its
 *                                  first contact (-1: none within 10 s)
 * @param seenAtNewAddressWithin2s  of the peers that held a killed node's old address, the share holding its
 *                                  new one 2 s after the restart
 * @param seenAtNewAddressWithin10s the same share 10 s after the restart
 * @param getRateAfterHeal          gets of one half's values from nodes of the other half, 10 s after the
 *                                  heal, that found the value
 * @param knowOtherSideAfterHeal    share of nodes knowing a contact of the other half 10 s after the heal
 * @param rumors                    how the gossip rumors fared
 * @param datagrams                 datagrams sent
 * @param virtualTime               virtual time simulated
 * @param wallTime                  wall time it took
 */
public record FaultReport(FaultSimulation.Settings settings, int meanTableBefore, int meanTableAfter,
                          long steadyLiveEvictions, long liveEvictions, long deadEvictions, long cutEvictions,
                          long[] rejoinMillis, double seenAtNewAddressWithin2s, double seenAtNewAddressWithin10s,
                          double getRateAfterHeal, double knowOtherSideAfterHeal, Rumors rumors, long datagrams,
                          Duration virtualTime, Duration wallTime) {

    /**
     * The rumors of a run.
     *
     * @param steadyPublished rumors published in the steady spell
     * @param steadyDelivered their deliveries by the end of the spell, origins not counted
     * @param steadyExpected  deliveries if every other node delivered each
     * @param healAMillis     ms from the heal until the rumor gossiped in half A just before it had reached
     *                        every node of half B; -1 if one had not by the end of the run (40 s after the heal)
     * @param healBMillis     the same for half B's rumor and half A
     * @param duplicates      deliveries of a rumor a node had delivered before (should be none)
     */
    public record Rumors(int steadyPublished, long steadyDelivered, long steadyExpected, long healAMillis,
                         long healBMillis, long duplicates) {
        /** Whether every steady rumor reached every node, and both cut rumors crossed the heal. */
        public boolean allDelivered() {
            return steadyDelivered == steadyExpected && healAMillis >= 0 && healBMillis >= 0;
        }
    }

    /** The {@code p}-th percentile of the rejoin times, -1 if any restarted node had not rejoined by then. */
    public long rejoinPercentile(int p) {
        if (rejoinMillis.length == 0) {
            return 0;
        }
        long[] sorted = rejoinMillis.clone();
        java.util.Arrays.sort(sorted);
        if (sorted[0] < 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The figures as text lines for people. */
    public String toText() {
        FaultSimulation.Settings s = settings;
        FaultModel f = s.faults();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Fault simulation: %,d nodes, loss %.2f, delay %d ± %d ms, duplication %.2f,"
                        + " seed %d%n", s.nodes(), f.loss(), f.delay().toMillis(), f.jitter().toMillis(), f.duplication(),
                s.seed()));
        line(b, "contacts per node", meanTableBefore + " before the faults, " + meanTableAfter + " at the end");
        line(b, "live evictions", steadyLiveEvictions + " in the steady " + s.steady().toSeconds() + " s, "
                + liveEvictions + " in the whole run");
        line(b, "dead evictions", Long.toString(deadEvictions));
        line(b, "evictions across cut", Long.toString(cutEvictions));
        line(b, "rejoin after restart", String.format(Locale.ROOT, "p50 %d ms, p95 %d ms, max %d ms (%d nodes)",
                rejoinPercentile(50), rejoinPercentile(95), rejoinPercentile(100), rejoinMillis.length));
        line(b, "seen at new address", String.format(Locale.ROOT, "%.1f %% within 2 s, %.1f %% within 10 s",
                100 * seenAtNewAddressWithin2s, 100 * seenAtNewAddressWithin10s));
        line(b, "heal: know other half", String.format(Locale.ROOT, "%.1f %% of nodes after 10 s",
                100 * knowOtherSideAfterHeal));
        line(b, "heal: gets across", String.format(Locale.ROOT, "%.1f %% found, 10 s after the heal", 100 * getRateAfterHeal));
        line(b, "rumors (steady)", String.format(Locale.ROOT, "%d published, %,d of %,d deliveries, %d duplicates",
                rumors.steadyPublished(), rumors.steadyDelivered(), rumors.steadyExpected(), rumors.duplicates()));
        line(b, "heal: rumors across", String.format(Locale.ROOT, "half A's reached all of half B in %s, half B's all"
                + " of half A in %s after the heal", heal(rumors.healAMillis()), heal(rumors.healBMillis())));
        line(b, "rumors all delivered", rumors.allDelivered() ? "yes" : "no");
        line(b, "datagrams", String.format(Locale.ROOT, "%,d", datagrams));
        line(b, "virtual time", String.format(Locale.ROOT, "%.1f s", virtualTime.toMillis() / 1000.0));
        line(b, "wall time", String.format(Locale.ROOT, "%.1f s", wallTime.toMillis() / 1000.0));
        return b.toString();
    }

    private static String heal(long millis) {
        return millis < 0 ? "(not within 40 s)" : millis + " ms";
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "  %-22s %s%n", label, value));
    }
}
