package peerconnect.app.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench udp}: throughput and round trips of the UDP endpoint + dispatcher on
 * loopback, against raw {@code DatagramChannel}s measured in the same run (see docs/BENCHMARKS.md).
 */
@Command(name = "udp", mixinStandardHelpOptions = true,
        description = {"Measures UDP throughput and round trips on loopback against a raw-socket baseline.",
                "Phases: raw blast, pipeline blast (socket -> decode -> dispatch -> no-op handler), the same"
                        + " pipeline with a network key (sealed by the sender, opened by the node), then raw"
                        + " ping-pong vs requests through the reply registry with 1 and 64 in flight. Each phase"
                        + " warms up for a third of its length (at most 1 s) first."})
final class BenchUdpCommand implements Callable<Integer> {
    /** Longest phase accepted: a bench is a few minutes at most, never an accidental hour. */
    static final double MAX_SECONDS = 600;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
            description = "Measured seconds per phase (7 phases; default ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    /** Refuses a {@code --seconds} of a bench that is not more than 0 and at most {@link #MAX_SECONDS}. */
    static void requireSeconds(CommandSpec spec, double seconds) {
        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--seconds must be more than 0 and at most " + (int) MAX_SECONDS + ", got " + seconds + ".");
        }
    }

    @Override
    public Integer call() throws Exception {
        requireSeconds(spec, seconds);
        UdpBenchFigures figures = new UdpBenchmark(Duration.ofNanos((long) (seconds * 1e9))).run();
        spec.commandLine().getOut().print(json ? figures.toJson() + System.lineSeparator() : figures.toText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
