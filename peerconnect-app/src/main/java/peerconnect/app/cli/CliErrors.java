package peerconnect.app.cli;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports trouble, on stderr: a bad command line gets its reason, any
 * "did you mean" suggestion and always the usage (picocli's default drops the usage when it has a
 * suggestion), exit code 2; a failing command gets one line instead of a stack trace, exit code 1,
 * and the trace goes to the debug log.
 */
final class CliErrors implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
    /** Exit code of a bad command line, as picocli's default and most Unix tools use. */
    static final int EXIT_USAGE = 2;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(cmd.getColorScheme().errorText(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        cmd.usage(err, cmd.getColorScheme());
        return EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        // Got here, not in a static field: tinylog must not be configured before `run` sets its log file.
        Logger log = LoggerFactory.getLogger(CliErrors.class);
        log.debug("command '{}' failed", cmd.getCommandName(), e);
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cmd.getErr().println(cmd.getColorScheme().errorText(cmd.getCommandName() + ": " + reason));
        return PeerConnectCli.EXIT_FAILURE;
    }
}
