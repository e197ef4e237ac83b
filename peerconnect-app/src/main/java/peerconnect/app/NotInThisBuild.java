package peerconnect.app;

import picocli.CommandLine.Model.CommandSpec;

/**
 * What a subcommand does until its feature lands: says so in one sentence on stderr and fails,
 * rather than pretending to work.
 */
final class NotInThisBuild {
    private NotInThisBuild() {
    }

    /** Prints the notice for {@code command} and returns the exit code to report. */
    static int report(CommandSpec command) {
        command.commandLine().getErr().println(
                command.qualifiedName() + ": not available in this build yet.");
        return PeerConnectCli.EXIT_FAILURE;
    }
}
