package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect simulate dht}: not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "dht", mixinStandardHelpOptions = true,
        description = {"Builds a Kademlia network on the in-memory network and measures lookups and values.",
                "Not available in this build yet."})
final class SimulateDhtCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
