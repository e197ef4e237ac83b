package peerconnect.app.cli;

import peerconnect.app.bench.BenchCommand;
import peerconnect.app.logging.Logging;
import peerconnect.app.simulate.SimulateCommand;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code peerconnect} command: parses the command line and hands over to a subcommand.
 *
 * <p>Exit codes: 0 success, 1 the command failed or is not available, 2 bad command line (the usage
 * goes to stderr). A failure prints one line, never a stack trace; the trace goes to the debug log.
 */
@Command(name = "peerconnect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A serverless peer-to-peer node for local networks: multicast discovery, a Kademlia DHT"
                + " and gossip over one UDP endpoint.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit codes: 0 success, 1 failure, 2 bad command line."})
public final class PeerConnectCli implements Runnable {

    /** Exit code of a command that failed or is not available in this build. */
    public static final int EXIT_FAILURE = 1;

    /** The subcommands, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(RunCommand.class, PingCommand.class, DiscoverCommand.class,
            SimulateCommand.class, BenchCommand.class, KeygenCommand.class, ControlCommands.Status.class,
            ControlCommands.Peers.class, ControlCommands.Lookup.class, ControlCommands.Put.class,
            ControlCommands.Get.class, ControlCommands.Delete.class, ControlCommands.Gossip.class,
            ControlCommands.Search.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line; tests call {@link CommandLine#execute} on it with their own out/err. */
    public static CommandLine commandLine() {
        return withCommands(COMMANDS);
    }

    /**
     * The command line for these arguments: when the first one names a subcommand, only that one is
     * modelled. Picocli reflects over every option of every command it is given, which cost about a
     * third of a node's start; a command's parsing, help and errors do not depend on its siblings.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return withCommands(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine withCommands(List<Class<?>> commands) {
        CliErrors errors = new CliErrors();
        CommandLine line = new CommandLine(new PeerConnectCli());
        for (Class<?> command : commands) {
            line.addSubcommand(command);
        }
        return line.setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors)
                .setExecutionStrategy(PeerConnectCli::execute);
    }

    /** {@code run} sets up logging itself (its log file is in the data directory); others take the defaults. */
    private static int execute(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (!(last.commandSpec().userObject() instanceof RunCommand)) {
            Logging.install();
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Without a command there is nothing to do: a usage error, like an unknown option. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command.");
    }
}
