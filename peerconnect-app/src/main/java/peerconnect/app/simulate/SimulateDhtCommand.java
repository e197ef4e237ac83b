package peerconnect.app.simulate;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate dht}: builds a Kademlia network on the in-memory network in virtual
 * time and prints lookup, value and cost figures ({@link DhtSimulation}). Progress goes to stderr,
 * figures to stdout, as text or as one JSON object.
 */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = {"Builds a Kademlia network on the in-memory network (virtual time, fixed seed): nodes join one "
                + "at a time, then random lookups and put/get pairs; prints success rates, recall against brute "
                + "force, hop percentiles, RPCs, time and memory.",
                "Run with enough heap: PEERCONNECT_JAVA_OPTS=-Xmx2g for 10,000 nodes, -Xmx8g for 100,000. "
                + "bin/peerconnect starts simulate with -XX:+UseCompactObjectHeaders (smaller objects)."})
final class SimulateDhtCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", required = true, paramLabel = "N", description = "Network size, 2..100000.")
    private int nodes;

    @Option(names = "--lookups", paramLabel = "L", defaultValue = "100",
            description = "Lookups of random existing ids. Default: ${DEFAULT-VALUE}.")
    private int lookups;

    @Option(names = "--values", paramLabel = "V", defaultValue = "100",
            description = "Put/get pairs from random nodes. Default: ${DEFAULT-VALUE}.")
    private int values;

    @Option(names = "--churn", paramLabel = "F", defaultValue = "0",
            description = "Fraction of nodes that leave without notice after the values are stored, in [0, 1). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double churn;

    @Option(names = "--loss", paramLabel = "F", defaultValue = "0",
            description = "Probability that a datagram is lost, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double loss;

    @Option(names = "--latency", paramLabel = "MS", defaultValue = "1",
            description = "One-way delay of every datagram, milliseconds. Default: ${DEFAULT-VALUE} (a LAN).")
    private long latencyMillis;

    @Option(names = "--jitter", paramLabel = "MS", defaultValue = "1",
            description = "Up to this much more delay per datagram, milliseconds. Default: ${DEFAULT-VALUE}.")
    private long jitterMillis;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seeds every random choice: the same seed, the same run. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        DhtSimulationSettings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        DhtSimulation.ProgressMeter meter = ProgressLine.onTerminal()
                ? new ProgressLine(text -> {
                    err.print(text);
                    err.flush();
                }, System::nanoTime)
                : DhtSimulation.ProgressMeter.NONE;
        DhtSimulationReport report = DhtSimulation.run(settings, line -> {
            err.println(line);
            err.flush();
        }, meter);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? toJson(report) : toText(report));
        out.flush();
        return 0;
    }

    private DhtSimulationSettings settings() {
        if (nodes < 2 || nodes > 100_000) {
            throw bad("--nodes must be between 2 and 100000, got " + nodes + ".");
        }
        if (lookups < 0) {
            throw bad("--lookups must not be negative, got " + lookups + ".");
        }
        if (values < 0) {
            throw bad("--values must not be negative, got " + values + ".");
        }
        if (!(churn >= 0 && churn < 1)) {
            throw bad("--churn must be at least 0 and below 1, got " + churn + ".");
        }
        if (!(loss >= 0 && loss < 1)) {
            throw bad("--loss must be at least 0 and below 1, got " + loss + ".");
        }
        if (latencyMillis < 0 || jitterMillis < 0) {
            throw bad("--latency and --jitter must not be negative, got " + latencyMillis + " and " + jitterMillis + ".");
        }
        return new DhtSimulationSettings(nodes, lookups, values, churn, loss, seed,
                java.time.Duration.ofMillis(latencyMillis), java.time.Duration.ofMillis(jitterMillis));
    }

    private ParameterException bad(String sentence) {
        return new ParameterException(spec.commandLine(), sentence);
    }

    static String toText(DhtSimulationReport r) {
        DhtSimulationSettings s = r.settings();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "DHT simulation: %,d nodes, %,d lookups, %,d values, churn %.2f, loss %.2f,"
                + " latency %d+%d ms, seed %d%n", s.nodes(), s.lookups(), s.values(), s.churn(), s.loss(),
                s.latency().toMillis(), s.jitter().toMillis(), s.seed()));
        line(b, "lookup success", percent(r.lookupSuccessRate()));
        line(b, "closest-node recall", percent(r.closestRecall()));
        line(b, "recall of k closest", percent(r.recallAtK()));
        line(b, "hops p50/p95/p99", r.hopsP50() + " / " + r.hopsP95() + " / " + r.hopsP99() + " (max " + r.hopsMax() + ")");
        line(b, "RPCs per lookup", String.format(Locale.ROOT, "%.1f", r.rpcsPerLookup()));
        DhtSimulationReport.LookupTimes t = r.lookupTimes();
        double rtt = 2 * (s.latency().toMillis() + s.jitter().toMillis() / 2.0);
        line(b, "lookup time", String.format(Locale.ROOT, "p50 %d / p95 %d / p99 %d ms virtual (%.1f / %.1f / %.1f"
                + " mean round trips)", t.p50Millis(), t.p95Millis(), t.p99Millis(), t.p50Millis() / rtt,
                t.p95Millis() / rtt, t.p99Millis() / rtt));
        line(b, "put success", percent(r.putSuccessRate()));
        line(b, "get success", percent(r.getSuccessRate()));
        line(b, "join RPCs per node", String.format(Locale.ROOT, "%.1f", r.joinRpcsPerNode()));
        StringBuilder byOp = new StringBuilder();
        new TreeMap<>(r.joinRpcsByOp()).forEach((op, n) -> byOp.append(byOp.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", op, n)));
        line(b, "  by type", byOp.toString());
        line(b, "nodes removed", String.format(Locale.ROOT, "%,d", r.nodesRemoved()));
        line(b, "datagrams", String.format(Locale.ROOT, "%,d", r.datagrams()));
        line(b, "virtual time", Durations.seconds(r.virtualTime()));
        line(b, "wall time", Durations.seconds(r.wallTime()));
        line(b, "peak heap", String.format(Locale.ROOT, "%,d MiB (limit %,d MiB)", r.peakHeapBytes() >> 20,
                r.heapLimitBytes() >> 20));
        line(b, "live heap", String.format(Locale.ROOT, "%,d MiB after the build, %,.1f KiB per node",
                r.liveHeapBytes() >> 20, r.bytesPerNode() / 1024.0));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", label, value));
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f %%", rate * 100);
    }

    private static String joinByOpFields(DhtSimulationReport r) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(r.joinRpcsByOp()).forEach((op, n) -> b.append(',').append(field("joinRpcs." + op, n)));
        return b.toString();
    }

    static String toJson(DhtSimulationReport r) {
        DhtSimulationSettings s = r.settings();
        return "{"
                + field("nodes", s.nodes()) + "," + field("lookups", s.lookups()) + "," + field("values", s.values())
                + "," + field("churn", s.churn()) + "," + field("loss", s.loss()) + "," + field("seed", s.seed())
                + "," + field("lookupSuccessRate", r.lookupSuccessRate())
                + "," + field("closestRecall", r.closestRecall())
                + "," + field("recallAtK", r.recallAtK())
                + "," + field("hopsP50", r.hopsP50()) + "," + field("hopsP95", r.hopsP95())
                + "," + field("hopsP99", r.hopsP99()) + "," + field("hopsMax", r.hopsMax())
                + "," + field("rpcsPerLookup", r.rpcsPerLookup())
                + "," + field("latencyMillis", s.latency().toMillis()) + "," + field("jitterMillis", s.jitter().toMillis())
                + "," + field("lookupMillisP50", r.lookupTimes().p50Millis())
                + "," + field("lookupMillisP95", r.lookupTimes().p95Millis())
                + "," + field("lookupMillisP99", r.lookupTimes().p99Millis())
                + "," + field("putSuccessRate", r.putSuccessRate())
                + "," + field("getSuccessRate", r.getSuccessRate())
                + "," + field("joinRpcsPerNode", r.joinRpcsPerNode())
                + joinByOpFields(r)
                + "," + field("nodesRemoved", r.nodesRemoved()) + "," + field("datagrams", r.datagrams())
                + "," + field("virtualTimeMillis", r.virtualTime().toMillis())
                + "," + field("wallTimeMillis", r.wallTime().toMillis())
                + "," + field("peakHeapBytes", r.peakHeapBytes())
                + "," + field("heapLimitBytes", r.heapLimitBytes())
                + "," + field("liveHeapBytes", r.liveHeapBytes())
                + "," + field("bytesPerNode", r.bytesPerNode())
                + "}" + System.lineSeparator();
    }

    private static String field(String name, long value) {
        return "\"" + name + "\":" + value;
    }

    private static String field(String name, double value) {
        // JSON has no NaN or infinity; every rate here is finite by construction.
        return "\"" + name + "\":" + (Double.isFinite(value) ? String.format(Locale.ROOT, "%s", value) : "null");
    }
}
