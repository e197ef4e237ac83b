package peerconnect.app.cli;

import peerconnect.app.console.ConsoleParser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The help README.md shows is the help the program prints, and the console commands it lists are the console's. */
class ReadmeUsageTest {
    private static final String HELP_PROMPT = "$ peerconnect-app/target/peerconnect/bin/peerconnect --help\n";

    private static String readme() throws Exception {
        // Tests run in the module's directory; the README is at the root of the repository.
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void readmeShowsTheRealTopLevelHelp() throws Exception {
        String readme = readme();
        int start = readme.indexOf(HELP_PROMPT) + HELP_PROMPT.length();
        String shown = readme.substring(start, readme.indexOf("```", start));
        StringWriter out = new StringWriter();
        int code = PeerConnectCli.commandLine().setOut(new PrintWriter(out, true)).execute("--help");
        assertEquals(0, code);
        assertEquals(out.toString().replace(System.lineSeparator(), "\n"), shown);
    }

    @Test
    void readmeListsEveryConsoleCommandAsHelpPrintsIt() throws Exception {
        String readme = readme();
        for (String line : ConsoleParser.HELP) {
            assertTrue(readme.contains(line + "\n"), "README.md lacks the console help line: " + line);
        }
    }
}
