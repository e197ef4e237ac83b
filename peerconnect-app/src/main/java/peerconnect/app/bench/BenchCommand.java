package peerconnect.app.bench;

import peerconnect.app.fuzz.BenchFuzzCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code peerconnect bench}: groups its subcommands; on its own it is a usage error. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark and prints its figures.",
        subcommands = {BenchUdpCommand.class, BenchFuzzCommand.class, BenchFloodCommand.class, BenchGossipCommand.class,
            BenchDhtCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n")
public final class BenchCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
    }
}
