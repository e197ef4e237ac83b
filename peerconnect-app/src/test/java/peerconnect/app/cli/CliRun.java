package peerconnect.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the command line printed and returned; tests of every command use it. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code peerconnect args...} in this JVM as {@code main} does, capturing stdout and stderr. */
    public static CliRun execute(String... args) {
        return execute(PeerConnectCli.commandLine(args), args);
    }

    /** Runs {@code args} on a given command line, capturing stdout and stderr. */
    static CliRun execute(picocli.CommandLine line, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = line
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
