package peerconnect.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

class ConsoleParserTest {
    private static final PeerId ID = PeerId.random(new SplittableRandom(3));

    @Test
    void everyCommandByExample() {
        assertEquals(new ConsoleCommand.Peers(false), ConsoleParser.parse("peers"));
        assertEquals(new ConsoleCommand.Peers(true), ConsoleParser.parse("  peers   --json "));
        assertEquals(new ConsoleCommand.Lookup(ID, false), ConsoleParser.parse("lookup " + ID.toHex()));
        assertEquals(new ConsoleCommand.Lookup(ID, true), ConsoleParser.parse("lookup --json " + ID.toHex()));
        assertEquals(new ConsoleCommand.Put("greeting", "hello  wide world"),
                ConsoleParser.parse("put greeting hello  wide world"));
        assertEquals(new ConsoleCommand.Get("greeting", true), ConsoleParser.parse("get greeting --json"));
        assertEquals(new ConsoleCommand.Gossip("hi all --json"), ConsoleParser.parse("gossip hi all --json"));
        assertEquals(new ConsoleCommand.Search("ali", false), ConsoleParser.parse("search ali"));
        assertEquals(new ConsoleCommand.Status(true), ConsoleParser.parse("status --json"));
        assertEquals(new ConsoleCommand.Help(), ConsoleParser.parse("help"));
        assertEquals(new ConsoleCommand.Quit(), ConsoleParser.parse("quit"));
        assertEquals(new ConsoleCommand.Quit(), ConsoleParser.parse("exit"));
        assertEquals(new ConsoleCommand.Nothing(), ConsoleParser.parse("   "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "frobnicate|unknown command 'frobnicate'; type help for the list.",
            "lookup|lookup: missing <id>.",
            "lookup abc|lookup: 'abc' is not a peer id (40 hex digits).",
            "get|get: missing <key>.",
            "get a b|get: too many arguments; type help for its usage.",
            "put key|put: expected put <key> <value>.",
            "put|put: expected put <key> <value>.",
            "delete|delete: expected delete <key>.",
            "delete a b|delete: expected delete <key>.",
            "gossip|gossip: missing <text>.",
            "peers all|peers: too many arguments; type help for its usage.",
            "quit now|quit: too many arguments; type help for its usage."})
    void aBadLineSaysWhatIsWrongInOneSentence(String line, String message) {
        assertEquals(new ConsoleCommand.Invalid(message), ConsoleParser.parse(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "lookup \u00ff\u00ff", "put \t \t", "search --json", "\ud800"})
    void oddInputNeverThrows(String line) {
        assertInstanceOf(ConsoleCommand.class, ConsoleParser.parse(line));
    }

    @Test
    void theHelpNamesEveryCommand() {
        for (String word : new String[] {"peers", "lookup", "put", "get", "gossip", "search", "status", "help", "quit"}) {
            assertTrue(ConsoleParser.HELP.stream().anyMatch(l -> l.startsWith(word + " ")), word);
        }
    }
}
