package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect run}: starts a node. Not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Starts a node: opens the UDP requests endpoint, discovers peers on the LAN and joins the DHT.",
                "Not available in this build yet."})
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
