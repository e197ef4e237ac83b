package peerconnect.app.simulate;

import peerconnect.app.cli.CliRun;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateGossipCommandTest {

    @Test
    void aSmallRunPrintsTheFigures() {
        CliRun run = CliRun.execute("simulate", "gossip", "--nodes", "300", "--rumors", "5", "--seed", "7");
        assertAll(run.toString(),
                () -> assertEquals(0, run.exitCode()),
                () -> assertEquals("", run.err()),
                () -> assertTrue(run.out().contains("300 nodes, 5 rumors, fanout 7, loss 0.0, churn 0.0,"
                        + " anti-entropy every 2000 ms, seed 7")),
                () -> assertTrue(run.out().contains("gossip views fed by synthetic Kademlia-shaped routing tables, k = 20")),
                () -> assertTrue(run.out().contains("coverage:              min 100.000 %, p50 100.000 %;"
                        + " 5 of 5 rumors reached every live node"), run.out()),
                () -> assertTrue(run.out().contains("rounds to 99 %:")),
                () -> assertTrue(run.out().contains("datagrams/node/rumor:")),
                () -> assertTrue(run.out().contains("duplicates suppressed:")),
                () -> assertTrue(run.out().contains("search:                found the one node with the name")),
                () -> assertTrue(run.out().contains("wall time:")),
                () -> assertTrue(run.out().contains("peak heap:")));
    }

    @Test
    void jsonIsOneValidObjectWithTheSameFiguresAsTheSimulation() {
        CliRun run = CliRun.execute("simulate", "gossip", "--nodes", "200", "--rumors", "4", "--fanout", "4", "--loss", "0.05",
                "--churn", "0.1", "--anti-entropy-ms", "500", "--seed", "3", "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, String> json = flatJson(run.out().strip());
        GossipSimulationReport expected = GossipSimulation.run(new GossipSimulationSettings(200, 4, 4, 0.05, 0.1, 0,
                java.time.Duration.ZERO, java.time.Duration.ofMillis(500), 64, true, 3));
        assertAll(run.out(),
                () -> assertEquals("200", json.get("nodes")),
                () -> assertEquals("4", json.get("fanout")),
                () -> assertEquals(Integer.toString(expected.liveNodes()), json.get("liveNodes")),
                () -> assertEquals(Double.toString(expected.coverageMin()), json.get("coverageMin")),
                () -> assertEquals(Integer.toString(expected.rounds99Max()), json.get("rounds99Max")),
                () -> assertEquals(Double.toString(expected.datagramsPerNodePerRumor()),
                        json.get("datagramsPerNodePerRumor")),
                () -> assertEquals(Long.toString(expected.duplicatesSuppressed()), json.get("duplicatesSuppressed")),
                () -> assertEquals(Boolean.toString(expected.searchFound()), json.get("searchFound")),
                () -> assertTrue(json.containsKey("wallSeconds")),
                () -> assertTrue(json.containsKey("peakHeapBytes")));
    }

    @Test
    void theSameSeedPrintsTheSameFigures() {
        String[] args = {"simulate", "gossip", "--nodes", "150", "--rumors", "3", "--loss", "0.1", "--seed", "9",
                "--json"};
        Map<String, String> first = flatJson(CliRun.execute(args).out().strip());
        Map<String, String> second = flatJson(CliRun.execute(args).out().strip());
        first.remove("wallSeconds");
        first.remove("peakHeapBytes");
        second.remove("wallSeconds");
        second.remove("peakHeapBytes");
        assertEquals(first, second);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--nodes 1 --rumors 1 --seed 1           | --nodes must be between 2 and 100000, not 1.",
            "--nodes 10 --rumors -1 --seed 1         | --rumors must be between 0 and 100000, not -1.",
            "--nodes 10 --rumors 1 --fanout 0 --seed 1 | --fanout must be between 1 and 64, not 0.",
            "--nodes 10 --rumors 1 --loss 1 --seed 1 | --loss must be at least 0 and below 1, not 1.0.",
            "--nodes 10 --rumors 1 --churn -0.5 --seed 1 | --churn must be at least 0 and below 1, not -0.5.",
            "--nodes 10 --rumors 1 --anti-entropy-ms -1 --seed 1 | --anti-entropy-ms must be between 0 and 3600000, not -1.",
            "--nodes ten --rumors 1 --seed 1         | Invalid value for option '--nodes': 'ten' is not an int",
            "--rumors 1 --seed 1                     | Missing required option: '--nodes=N'",
    })
    void badValuesExitTwoWithOneSentence(String args, String sentence) {
        String[] argv = ("simulate gossip " + args.strip()).split(" +");
        CliRun run = CliRun.execute(argv);
        assertAll(run.err(),
                () -> assertEquals(2, run.exitCode()),
                () -> assertEquals(sentence, run.err().lines().findFirst().orElse("")),
                () -> assertTrue(run.err().contains("Usage: peerconnect simulate gossip")),
                () -> assertEquals("", run.out()));
    }

    /** Parses a flat JSON object of numbers, booleans, null and plain strings; fails on anything else. */
    private static Map<String, String> flatJson(String text) {
        String value = "(-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|true|false|null|\"[^\"\\\\]*\")";
        Pattern member = Pattern.compile("\"([A-Za-z0-9]+)\":" + value);
        assertTrue(text.matches("\\{" + member.pattern() + "(," + member.pattern() + ")*\\}"),
                "not a flat JSON object: " + text);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = member.matcher(text);
        while (m.find()) {
            assertEquals(null, fields.put(m.group(1), m.group(2)), "duplicate key " + m.group(1));
        }
        return fields;
    }

    @Test
    void onlyTheNetworkSizeIsNeededTheRumorsAndSeedHaveDefaults() {
        CliRun run = CliRun.execute("simulate", "gossip", "--nodes", "50");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("50 nodes, 10 rumors, fanout 7"), run.out());
        assertTrue(run.out().contains("seed 1"), run.out());
    }
}
