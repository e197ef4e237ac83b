package peerconnect.app.fuzz;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench fuzz}: seeded mutated datagrams into the decoders and into live nodes
 * (see docs/BENCHMARKS.md, "Fuzzing"). Exits 1 if an exception escaped, a decoder was wrong, a
 * datagram was not accounted for or a node stopped answering.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = {"Feeds seeded fuzzed datagrams (random bytes and mutations of valid datagrams of every type,"
                + " recorded from real nodes) to the decoders, to a node on the in-memory network and to a node on"
                + " a UDP socket on loopback; prints per-outcome counts and exits 1 if anything escaped or was lost."})
public final class BenchFuzzCommand implements Callable<Integer> {
    /** Most datagrams per target: the UDP target alone takes 400 s at 25,000/s. */
    static final long MAX_DATAGRAMS = 10_000_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--datagrams", paramLabel = "N", defaultValue = "1000000",
            description = "Datagrams per target (default ${DEFAULT-VALUE}).")
    private long datagrams;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the corpus and the mutations (default ${DEFAULT-VALUE}); same seed, same datagrams.")
    private long seed;

    @Option(names = "--targets", paramLabel = "T", split = ",",
            description = "Targets, comma-separated: decoders, memory, udp (default all three).")
    private List<String> targets = List.of("decoders", "memory", "udp");

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        if (datagrams < 1 || datagrams > MAX_DATAGRAMS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--datagrams must be in 1.." + MAX_DATAGRAMS + ", got " + datagrams + ".");
        }
        EnumSet<FuzzRun.Target> chosen = EnumSet.noneOf(FuzzRun.Target.class);
        for (String t : targets) {
            chosen.add(switch (t) {
                case "decoders" -> FuzzRun.Target.DECODERS;
                case "memory" -> FuzzRun.Target.MEMORY_NODE;
                case "udp" -> FuzzRun.Target.UDP_NODE;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "--targets takes decoders, memory and udp, got '" + t + "'.");
            });
        }
        FuzzFigures figures = FuzzRun.run(seed, datagrams, chosen);
        spec.commandLine().getOut().print(json ? figures.toJson() + System.lineSeparator() : figures.toText());
        spec.commandLine().getOut().flush();
        return figures.passed() ? 0 : 1;
    }
}
