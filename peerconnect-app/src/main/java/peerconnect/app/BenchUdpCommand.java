package peerconnect.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerconnect bench udp}: not available in this build yet; its feature fills {@link #call()}
 * (and adds its options here).
 */
@Command(name = "udp", mixinStandardHelpOptions = true,
        description = {"Measures UDP throughput and round trips on loopback against a raw-socket baseline.",
                "Not available in this build yet."})
final class BenchUdpCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return NotInThisBuild.report(spec);
    }
}
