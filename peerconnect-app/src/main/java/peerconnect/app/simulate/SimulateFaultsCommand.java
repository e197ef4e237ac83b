package peerconnect.app.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate faults}: a Kademlia network on a bad in-memory LAN in virtual time
 * ({@link FaultSimulation}): loss, delay with jitter (and so reordering), duplication, kills and
 * restarts at new addresses with saved state, a partition and its heal. Progress on stderr, figures
 * on stdout. Every option has a default: the bad LAN of the field reports, 1,000 nodes.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = {"Runs a Kademlia network on a bad in-memory LAN (virtual time, fixed seed): a steady spell "
                + "under loss, delay, jitter and duplication, then kills and restarts at new addresses, then a "
                + "partition and its heal, with gossip rumors throughout; prints live evictions, rejoin times, rumor"
                + " delivery and delivery across the heal."})
final class SimulateFaultsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "1000", paramLabel = "N", description = "Network size, 2..20000. Default: ${DEFAULT-VALUE}.")
    private int nodes;

    @Option(names = "--loss", defaultValue = "0.10", paramLabel = "F", description = "Datagram loss, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double loss;

    @Option(names = "--delay-ms", defaultValue = "30", paramLabel = "MS", description = "Mean one-way delay. Default: ${DEFAULT-VALUE}.")
    private long delayMs;

    @Option(names = "--jitter-ms", defaultValue = "10", paramLabel = "MS", description = "Delay deviation, at most the delay; reorders datagrams sent closer than twice it. Default: ${DEFAULT-VALUE}.")
    private long jitterMs;

    @Option(names = "--duplication", defaultValue = "0.01", paramLabel = "F", description = "Datagram duplication, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double duplication;

    @Option(names = "--steady-s", defaultValue = "60", paramLabel = "S", description = "Seconds under faults before the kills. Default: ${DEFAULT-VALUE}.")
    private long steadySeconds;

    @Option(names = "--kills", defaultValue = "10", paramLabel = "K", description = "Nodes killed and restarted at new addresses. Default: ${DEFAULT-VALUE}.")
    private int kills;

    @Option(names = "--downtime-s", defaultValue = "5", paramLabel = "S", description = "Seconds a killed node stays down. Default: ${DEFAULT-VALUE}.")
    private long downtimeSeconds;

    @Option(names = "--partition-s", defaultValue = "30", paramLabel = "S", description = "Seconds the network stays cut in halves. Default: ${DEFAULT-VALUE}.")
    private long partitionSeconds;

    @Option(names = "--values", defaultValue = "10", paramLabel = "V", description = "Values each half stores during the cut. Default: ${DEFAULT-VALUE}.")
    private int values;

    @Option(names = "--rumors", defaultValue = "10", paramLabel = "R", description = "Rumors gossiped in the steady spell's first half (one more per half just before the heal). Default: ${DEFAULT-VALUE}.")
    private int rumors;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seeds every random choice. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        FaultSimulation.Settings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        FaultReport report = FaultSimulation.run(settings, line -> {
            err.println(line);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.toText());
        out.flush();
        return 0;
    }

    private FaultSimulation.Settings settings() {
        try {
            FaultModel faults = new FaultModel(loss, Duration.ofMillis(delayMs), Duration.ofMillis(jitterMs), duplication);
            return new FaultSimulation.Settings(nodes, faults, Duration.ofSeconds(steadySeconds), kills,
                    Duration.ofSeconds(downtimeSeconds), Duration.ofSeconds(partitionSeconds), values, rumors, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + ".");
        }
    }
}
