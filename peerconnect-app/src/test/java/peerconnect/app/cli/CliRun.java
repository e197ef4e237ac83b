package peerconnect.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** What one in-process run of the command line printed and returned; tests of every command use it. */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code peerconnect args...} in this JVM, capturing stdout and stderr. */
    public static CliRun execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = PeerConnectCli.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
