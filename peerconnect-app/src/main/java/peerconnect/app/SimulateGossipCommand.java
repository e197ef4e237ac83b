package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate gossip}: not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "gossip", mixinStandardHelpOptions = true,
        description = {"Spreads rumors over a simulated network and measures coverage and cost.",
                "Not available in this build yet."})
final class SimulateGossipCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
