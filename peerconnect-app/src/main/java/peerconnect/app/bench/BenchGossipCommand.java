package peerconnect.app.bench;

import java.time.Duration;
import peerconnect.adapter.gossip.ViewConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench gossip}: N real-UDP gossip nodes on loopback in one JVM, the DHT formed
 * first, rumors one at a time ({@link GossipBenchmark}; see docs/BENCHMARKS.md, "bench gossip").
 */
@Command(name = "gossip", mixinStandardHelpOptions = true,
        description = {"Runs N gossip nodes on 127.0.0.1 in one JVM, each on its own UDP socket, forms the DHT,"
                + " then publishes rumors one at a time from random nodes; prints time to half and to all of the"
                + " other nodes (p50/p95/p99), the share completed by push, datagrams and bytes per node per rumor,"
                + " the gossip views' in-degree and heap per node."})
final class BenchGossipCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "200",
            description = "Nodes (2.." + GossipBenchSettings.MAX_NODES + "; default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--rumors", paramLabel = "R", defaultValue = "100",
            description = "Rumors, one at a time, each waited for at most 5 s (1.." + GossipBenchSettings.MAX_RUMORS
                    + "; default ${DEFAULT-VALUE}).")
    private int rumors;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "10",
            description = "Seconds the nodes run after the DHT is formed before the first rumor (0..300;"
                    + " default ${DEFAULT-VALUE}).")
    private double settleSeconds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the ids, the join order and the publishers (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--view", paramLabel = "V", defaultValue = "0",
            description = "Gossip view size, and fanout with it (a rumor goes once to the whole view);"
                    + " 0 = the node's default (7).")
    private int view;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        GossipBenchSettings settings;
        try {
            settings = new GossipBenchSettings(nodes, rumors,
                    Duration.ofMillis(Math.round(settleSeconds * 1000)), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + ".");
        }
        if (view < 0 || view > 32) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--view must be in 0..32, got " + view + ".");
        }
        GossipBenchFigures figures = new GossipBenchmark(settings, c -> view == 0 ? c
                : c.withView(new ViewConfig(view, Math.min(view, c.view().shuffleLength()), c.view().shuffleInterval()))
                        .withFanout(view)).run();
        spec.commandLine().getOut().print(json ? figures.toJson() + System.lineSeparator() : figures.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
