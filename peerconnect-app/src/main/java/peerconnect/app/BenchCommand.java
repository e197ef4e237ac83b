package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench}: runs the benchmarks. Not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the benchmarks and prints their figures.",
                "Not available in this build yet."})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
