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
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code bench flood}: options, errors, and a small real flood whose properties (not timings) must hold. */
class BenchFloodCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "601", "NaN"})
    void aSecondsValueOutOfRangeExitsTwoWithOneSentence(String seconds) {
        CliRun run = CliRun.execute("bench", "flood", "--seconds", seconds);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("--seconds must be more than 0 and at most 600, got "), run.err()),
                () -> assertEquals("", run.out()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101"})
    void anHonestCountOutOfRangeExitsTwoWithOneSentence(String honest) {
        CliRun run = CliRun.execute("bench", "flood", "--honest", honest);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("--honest must be in 1..100, got " + honest + "."), run.err()));
    }

    @Test
    void optionsAreParsed() {
        CommandLine.ParseResult flood = PeerConnectCli.commandLine()
                .parseArgs("bench", "flood", "--seconds", "2.5", "--honest", "7", "--seed", "9", "--flood-rate", "100",
                        "--json")
                .subcommand().subcommand();
        assertAll(
                () -> assertEquals(2.5, flood.matchedOptionValue("--seconds", 0.0)),
                () -> assertEquals(7, flood.matchedOptionValue("--honest", 0)),
                () -> assertEquals(9L, flood.matchedOptionValue("--seed", 0L)),
                () -> assertEquals(100L, flood.matchedOptionValue("--flood-rate", 0L)),
                () -> assertTrue(flood.hasMatchedOption("--json")));
    }

    /**
     * A few seconds, few honest nodes: the goals of the issue as properties of the counts, never as timings.
     * The flooder is paced at 30,000/s, six times its limit: enough to keep the limiter refusing almost
     * everything, while the target's socket keeps up even on a loaded machine. Unpaced, the flooder can
     * outrun the receive thread and the kernel then drops honest datagrams with the flood, before any
     * defence of the node sees them (see docs/BENCHMARKS.md, "Flood"), which makes the 99 % flaky here.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aSmallFloodLeavesHonestLookupsWorkingAndHoldsTheFlooderToItsRate() {
        CliRun run = CliRun.execute("bench", "flood", "--seconds", "3", "--honest", "5", "--flood-rate", "30000",
                "--json");
        System.err.println(run.out());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out().strip());
        Map<String, Object> lookups = (Map<String, Object>) json.get("lookups");
        Map<String, Object> flooder = (Map<String, Object>) json.get("flooder");
        double attempted = (Double) lookups.get("attempted");
        double succeeded = (Double) lookups.get("succeeded");
        double admitted = (Double) flooder.get("admitted");
        double bound = (Double) flooder.get("admission_bound");
        assertAll(
                () -> assertTrue(attempted >= 5, "every honest node looked up at least once: " + lookups),
                () -> assertTrue(json.containsKey("baseline_lookups"), json.toString()),
                () -> assertTrue(succeeded >= 0.99 * attempted, "honest success >= 99 %: " + lookups),
                () -> assertTrue((Double) flooder.get("sent") > 2 * bound, "the limiter had work: " + flooder),
                // Slack for the time between the flood's end and the counters being read (the queue drains).
                () -> assertTrue(admitted <= bound * 1.1 + 1_000, "admitted " + admitted + " > bound " + bound),
                () -> assertEquals(0.0, (Double) json.get("receive_errors")));
    }

    @Test
    void theTextFormShowsEveryFigure() {
        FloodFigures f = new FloodFigures(20, 10, 0, new peerconnect.domain.RateLimit(5_000, 10_000),
                new FloodFigures.Lookups(1000, 1000, 2.0), new FloodFigures.Lookups(1000, 995, 3.0), 400_000,
                300_000, 60_000, Map.of(peerconnect.domain.DropReason.RATE_LIMITED, 240_000L), 12, 50_000_000,
                52_000_000, 0, true);
        String text = f.toText();
        assertAll(
                () -> assertTrue(text.contains("flooded: attempted 1,000, succeeded 995 (99.50 %"), text),
                () -> assertTrue(text.contains("p50 3.0 ms (1.50 x no flood)"), text),
                () -> assertTrue(text.contains("admitted 60,000 (6,000/s; bound rate x t + burst = 60,000)"), text),
                () -> assertTrue(text.contains("RATE_LIMITED 240,000"), text),
                () -> assertTrue(text.contains("50.0 MB before, 52.0 MB after"), text),
                () -> assertTrue(text.contains("flooder in the target's routing table afterwards: yes"), text),
                () -> assertTrue(f.toJson().contains("\"success_rate\":0.9950"), f.toJson()));
    }
}
