package peerconnect.app.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.app.cli.CliRun;
import peerconnect.app.console.MiniJson;

/** {@code bench dht}: option errors, and a short real run whose counts (not timings) must hold. */
class BenchDhtCommandTest {

    @ParameterizedTest
    @CsvSource({
            "--nodes, 1, nodes must be in 2..2000: 1.",
            "--lookups, 0, lookups must be in 1..10000: 0.",
            "--joins-in-flight, 0, joins in flight must be in 1..256: 0.",
            "--settle-seconds, 301, settle must be in 0..PT5M: PT5M1S."})
    void anOutOfRangeOptionExitsTwoWithOneSentence(String option, String value, String sentence) {
        CliRun run = CliRun.execute("bench", "dht", option, value);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith(sentence), run.err()),
                () -> assertEquals("", run.out()));
    }

    /**
     * 40 real-UDP nodes joined 16 at a time, 20 lookups: every lookup finds its node and the true k
     * closest, the join's RPCs are counted by type and add up, and the nodes cost no platform thread
     * each. No timing is asserted: this host may be busy.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aShortRunFindsEveryNodeAndCountsTheJoinByType() {
        CliRun run = CliRun.execute("bench", "dht", "--nodes", "40", "--lookups", "20", "--settle-seconds", "0",
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out().strip());
        Map<String, Object> byType = (Map<String, Object>) json.get("joinRpcsByOp");
        double sum = byType.values().stream().mapToDouble(v -> ((Number) v).doubleValue()).sum();
        double all = ((Number) json.get("joinRpcsPerNode")).doubleValue();
        assertAll(
                () -> assertEquals(0, ((Number) json.get("failedJoins")).intValue()),
                () -> assertEquals(1.0, ((Number) json.get("lookupSuccessRate")).doubleValue(), run.out()),
                () -> assertEquals(1.0, ((Number) json.get("recallAtK")).doubleValue(), 1e-9, run.out()),
                () -> assertTrue(byType.containsKey("FIND_NODE") && byType.containsKey("PING"), run.out()),
                () -> assertEquals(all, sum, 1e-6, "the types add up to all attempts"),
                () -> assertTrue(((Number) json.get("platformThreads")).intValue() < 40,
                        "no platform thread per node: " + run.out()));
    }
}
