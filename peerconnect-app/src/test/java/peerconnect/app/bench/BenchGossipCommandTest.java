package peerconnect.app.bench;

import peerconnect.app.cli.CliRun;
import peerconnect.app.console.MiniJson;
import peerconnect.app.cli.PeerConnectCli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code bench gossip}: options, errors, and a short real run whose counts (not timings) must hold. */
class BenchGossipCommandTest {
    /** The default view's size: a node pushes a rumor at most once to each member of its view. */
    private static final int VIEW_SIZE = peerconnect.adapter.gossip.GossipConfig.defaults().view().size();

    @ParameterizedTest
    @CsvSource({
            "--nodes, 1, nodes must be in 2..1000: 1.",
            "--nodes, 1001, nodes must be in 2..1000: 1001.",
            "--rumors, 0, rumors must be in 1..1000: 0.",
            "--settle-seconds, 301, settle must be in 0..PT5M: PT5M1S."})
    void anOutOfRangeOptionExitsTwoWithOneSentence(String option, String value, String sentence) {
        CliRun run = CliRun.execute("bench", "gossip", option, value);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith(sentence), run.err()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void optionsAreParsed() {
        CommandLine.ParseResult gossip = PeerConnectCli.commandLine()
                .parseArgs("bench", "gossip", "--nodes", "30", "--rumors", "7", "--settle-seconds", "1.5", "--seed", "9",
                        "--json")
                .subcommand().subcommand();
        assertAll(
                () -> assertEquals(30, gossip.matchedOptionValue("--nodes", 0)),
                () -> assertEquals(7, gossip.matchedOptionValue("--rumors", 0)),
                () -> assertEquals(1.5, gossip.matchedOptionValue("--settle-seconds", 0.0)),
                () -> assertEquals(9L, gossip.matchedOptionValue("--seed", 0L)),
                () -> assertTrue(gossip.hasMatchedOption("--json")));
    }

    /**
     * 30 real-UDP nodes, 10 rumors, 3 s of shuffling: every rumor reaches every node, the gossip views
     * hold every node, pushes stay within the view's size, and the nodes cost no platform thread each.
     * No timing is asserted: this host may be busy.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aShortRunDeliversEveryRumorEverywhereWithinTheDatagramBudget() {
        CliRun run = CliRun.execute("bench", "gossip", "--nodes", "30", "--rumors", "10", "--settle-seconds", "3",
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out().strip());
        Map<String, Object> inDegree = (Map<String, Object>) json.get("in_degree");
        double perNode = ((Number) json.get("datagrams_per_node_per_rumor")).doubleValue();
        double pushed = ((Number) json.get("pushed_per_node_per_rumor")).doubleValue();
        System.out.println("BenchGossipCommandTest: " + run.out().strip());
        assertAll(run.out(),
                () -> assertEquals(30L, ((Number) json.get("nodes")).longValue()),
                () -> assertEquals(10L, ((Number) json.get("complete")).longValue(), "every rumor everywhere"),
                () -> assertTrue(((Number) inDegree.get("min")).longValue() >= 1, "a node in no view: " + inDegree),
                () -> assertTrue(pushed <= VIEW_SIZE, "pushes " + pushed),
                () -> assertTrue(perNode < 8, "datagrams per node per rumor " + perNode),
                () -> assertTrue(((Number) json.get("platform_threads_added")).longValue() <= 5,
                        "threads " + json.get("platform_threads_added")));
    }
}
