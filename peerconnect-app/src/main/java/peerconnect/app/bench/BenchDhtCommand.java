package peerconnect.app.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench dht}: N real-UDP Kademlia nodes on loopback in one JVM sharing one
 * scheduler, joined 16 at a time, then lookups one after another ({@link DhtBenchmark}; see
 * docs/BENCHMARKS.md, "bench dht").
 */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = {"Runs N Kademlia nodes on 127.0.0.1 in one JVM, each on its own UDP socket: node 0 is the seed,"
                + " every other node bootstraps off node 0 and up to two random joined nodes, 16 joins in flight;"
                + " after the settle time, lookups of random ids from random nodes one after another. Prints"
                + " formation time, RPCs per join by type, lookup p50/p95/p99, RPCs per lookup, recall of the k"
                + " closest, heap and threads per node."})
final class BenchDhtCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1000",
            description = "Nodes (2.." + DhtBenchSettings.MAX_NODES + "; default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--lookups", paramLabel = "L", defaultValue = "100",
            description = "Lookups, one after another (default ${DEFAULT-VALUE}).")
    private int lookups;

    @Option(names = "--joins-in-flight", paramLabel = "J", defaultValue = "16",
            description = "Joins under way at most (default ${DEFAULT-VALUE}).")
    private int joinsInFlight;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "65",
            description = "Seconds the formed network runs before the join's RPCs are counted and the lookups start;"
                    + " the first maintenance tick, a minute in, runs the work a join defers (default"
                    + " ${DEFAULT-VALUE}).")
    private long settleSeconds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the ids, the bootstrap choices and the lookups (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        DhtBenchSettings settings;
        try {
            settings = new DhtBenchSettings(nodes, lookups, joinsInFlight, Duration.ofSeconds(settleSeconds), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage() + ".");
        }
        DhtBenchFigures figures = new DhtBenchmark(settings).run();
        spec.commandLine().getOut().print(json ? figures.toJson() + System.lineSeparator() : figures.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
