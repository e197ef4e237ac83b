package peerconnect.app.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench flood}: one flooder against a node while honest nodes look it up, on
 * loopback (see docs/BENCHMARKS.md, "Flood").
 */
@Command(name = "flood", mixinStandardHelpOptions = true,
        description = {"Floods a node on loopback with FIND_NODE requests from one address for a bounded time while"
                + " honest nodes joined through it look it up; prints honest lookup success, what the flooder got"
                + " admitted against the node's rate limit, the node's drops, queue high-water and heap."})
final class BenchFloodCommand implements Callable<Integer> {
    static final int MAX_HONEST = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Length of the flood (default ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--honest", paramLabel = "N", defaultValue = "20",
            description = "Honest nodes looking the target up (default ${DEFAULT-VALUE}).")
    private int honest;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the recorded requests the flooder sends (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--flood-rate", paramLabel = "R", defaultValue = "0",
            description = "Flooder datagrams per second; 0 = as fast as the kernel takes them (default ${DEFAULT-VALUE}).")
    private long floodRate;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        BenchUdpCommand.requireSeconds(spec, seconds);
        if (honest < 1 || honest > MAX_HONEST) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--honest must be in 1.." + MAX_HONEST + ", got " + honest + ".");
        }
        if (floodRate < 0 || floodRate > 10_000_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--flood-rate must be in 0..10000000, got " + floodRate + ".");
        }
        FloodFigures figures = new FloodBenchmark(honest, Duration.ofNanos((long) (seconds * 1e9)), seed, floodRate).run();
        spec.commandLine().getOut().print(json ? figures.toJson() + System.lineSeparator() : figures.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
