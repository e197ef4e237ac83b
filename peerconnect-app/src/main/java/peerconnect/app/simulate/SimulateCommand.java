package peerconnect.app.simulate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerconnect simulate}: groups its subcommands; on its own it is a usage error. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs many nodes on the in-memory network with a fixed seed and prints what happened.",
        subcommands = {SimulateDhtCommand.class, SimulateGossipCommand.class, SimulateFaultsCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n")
public final class SimulateCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
    }
}
