package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PeerConnectCliTest {

    @Test
    void helpExitsZeroAndListsEveryCommand() {
        CliRun run = CliRun.execute("--help");
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                () -> assertTrue(run.out().startsWith("Usage: peerconnect"), run.out()),
                () -> assertTrue(run.out().contains("  run "), run.out()),
                () -> assertTrue(run.out().contains("  simulate "), run.out()),
                () -> assertTrue(run.out().contains("  bench "), run.out()),
                () -> assertEquals("", run.err()));
    }

    @Test
    void aNamedCommandIsModelledAloneAndBehavesAsInTheWholeCommandLine() {
        for (String name : PeerConnectCli.commandLine().getSubcommands().keySet()) {
            CommandLine lean = PeerConnectCli.commandLine(new String[] {name});
            assertEquals(java.util.Set.of(name), lean.getSubcommands().keySet());
            for (String[] args : new String[][] {{name, "--help"}, {name, "--no-such-option"}}) {
                CliRun whole = CliRun.execute(PeerConnectCli.commandLine(), args);
                CliRun alone = CliRun.execute(PeerConnectCli.commandLine(new String[] {name}), args);
                assertEquals(whole, alone, String.join(" ", args));
            }
        }
        assertEquals(PeerConnectCli.commandLine().getSubcommands().keySet(),
                PeerConnectCli.commandLine(new String[] {"--help"}).getSubcommands().keySet());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        CliRun run = CliRun.execute("--version");
        assertAll(
                () -> assertEquals(0, run.exitCode()),
                // The resource is filtered by Maven; an unfiltered one would print "${project.version}".
                () -> assertTrue(run.out().strip().matches("peerconnect \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), run.out()),
                () -> assertEquals("peerconnect " + VersionProvider.version(), run.out().strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-option", "no-such-command"})
    void badCommandLineExitsTwoWithUsageOnStderr(String arg) {
        CliRun run = CliRun.execute(arg);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().contains(arg), run.err()),
                () -> assertTrue(run.err().contains("Usage: peerconnect"), run.err()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.execute();
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("Missing command."), run.err()),
                () -> assertTrue(run.err().contains("Usage: peerconnect"), run.err()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "bench"})
    void aCommandGroupWithoutItsCommandIsAUsageError(String group) {
        CliRun run = CliRun.execute(group);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("Missing command."), run.err()),
                () -> assertTrue(run.err().contains("Usage: peerconnect " + group), run.err()));
    }

    @Test
    void aFailingCommandPrintsOneLineAndNoStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Failing())
                .setExecutionExceptionHandler(new CliErrors())
                .setErr(new PrintWriter(err, true));
        int exitCode = cli.execute();
        assertAll(
                () -> assertEquals(1, exitCode),
                () -> assertEquals("failing: port 4000 is in use", err.toString().strip()),
                () -> assertFalse(err.toString().contains("\tat "), err.toString()));
    }

    @CommandLine.Command(name = "failing")
    static final class Failing implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("port 4000 is in use");
        }
    }
}
