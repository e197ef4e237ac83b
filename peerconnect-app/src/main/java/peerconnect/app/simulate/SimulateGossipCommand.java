package peerconnect.app.simulate;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate gossip}: runs {@link GossipSimulation} — real gossip nodes on the
 * in-memory network, in virtual time, from one seed — and prints coverage, rounds, cost, the search
 * outcome, wall time and peak heap. The same options give the same figures, except wall time and heap.
 */
@Command(name = "gossip", mixinStandardHelpOptions = true,
        description = {"Spreads rumors over a simulated network and measures coverage and cost.",
                "Gossip views are fed by synthetic Kademlia-shaped routing tables (k = 20 per bucket) and"
                        + " shuffled for 30 s of virtual time before the first rumor; one round is one 1 ms network"
                        + " latency of virtual time."})
final class SimulateGossipCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", required = true, paramLabel = "N", description = "Nodes in the network (2..100000).")
    private int nodes;

    @Option(names = "--rumors", paramLabel = "R", defaultValue = "10",
            description = "Rumors published, one every 50 ms of virtual time (0..100000). Default: ${DEFAULT-VALUE}.")
    private int rumors;

    @Option(names = "--fanout", paramLabel = "F", defaultValue = "7",
            description = "Peers a rumor is forwarded to each time (1..64; default ${DEFAULT-VALUE}).")
    private int fanout;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "Chance a datagram is lost, in [0, 1) (default ${DEFAULT-VALUE}).")
    private double loss;

    @Option(names = "--churn", paramLabel = "P", defaultValue = "0",
            description = "Fraction of nodes that crash while rumors spread, in [0, 1); they stay in the others'"
                    + " views (default ${DEFAULT-VALUE}).")
    private double churn;

    @Option(names = "--anti-entropy-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Interval of the anti-entropy pull in ms of virtual time; 0 for pure push"
                    + " (default ${DEFAULT-VALUE}, as in the node's defaults).")
    private long antiEntropyMillis;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of every random choice: the same seed, the same run. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        GossipSimulationSettings settings = settings();
        resetHeapPeaks();
        long start = System.nanoTime();
        GossipSimulationReport report = GossipSimulation.run(settings);
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        long peakHeapBytes = heapPeakBytes();
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? GossipReportFormat.json(report, wallSeconds, peakHeapBytes)
                : GossipReportFormat.text(report, wallSeconds, peakHeapBytes));
        out.flush();
        return 0;
    }

    private GossipSimulationSettings settings() {
        check(nodes >= 2 && nodes <= GossipSimulationSettings.MAX_NODES,
                "--nodes must be between 2 and " + GossipSimulationSettings.MAX_NODES + ", not " + nodes + ".");
        check(rumors >= 0 && rumors <= 100_000, "--rumors must be between 0 and 100000, not " + rumors + ".");
        check(fanout >= 1 && fanout <= 64, "--fanout must be between 1 and 64, not " + fanout + ".");
        check(loss >= 0 && loss < 1, "--loss must be at least 0 and below 1, not " + loss + ".");
        check(churn >= 0 && churn < 1, "--churn must be at least 0 and below 1, not " + churn + ".");
        check(antiEntropyMillis >= 0 && antiEntropyMillis <= 3_600_000,
                "--anti-entropy-ms must be between 0 and 3600000, not " + antiEntropyMillis + ".");
        return GossipSimulationSettings.of(nodes, rumors, seed).withFanout(fanout).withFaults(loss, churn)
                .withAntiEntropy(Duration.ofMillis(antiEntropyMillis));
    }

    private void check(boolean ok, String sentence) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), sentence);
        }
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of each heap pool's peak since the reset: an upper bound of the heap in use at any one time. */
    private static long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
