package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate}: runs a seeded simulation. Not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs many nodes on the in-memory network with a fixed seed and prints what happened.",
                "Not available in this build yet."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
