package peerconnect.app.fuzz;

import peerconnect.app.cli.CliRun;
import peerconnect.app.console.MiniJson;
import peerconnect.app.cli.PeerConnectCli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code bench fuzz}: options, errors, and a small run as text and as JSON. */
class BenchFuzzCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "10000001"})
    void aDatagramCountOutOfRangeExitsTwoWithOneSentence(String n) {
        CliRun run = CliRun.execute("bench", "fuzz", "--datagrams", n);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("--datagrams must be in 1..10000000, got " + n + "."), run.err()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void anUnknownTargetExitsTwo() {
        CliRun run = CliRun.execute("bench", "fuzz", "--targets", "decoders,disk");
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("--targets takes decoders, memory and udp, got 'disk'."), run.err()));
    }

    @Test
    void optionsAreParsed() {
        CommandLine.ParseResult fuzz = PeerConnectCli.commandLine()
                .parseArgs("bench", "fuzz", "--datagrams", "500", "--seed", "42", "--targets", "memory,udp", "--json")
                .subcommand().subcommand();
        assertAll(
                () -> assertEquals(500L, fuzz.matchedOptionValue("--datagrams", 0L)),
                () -> assertEquals(42L, fuzz.matchedOptionValue("--seed", 0L)),
                () -> assertEquals(List.of("memory", "udp"), fuzz.matchedOptionValue("--targets", List.of())),
                () -> assertTrue(fuzz.hasMatchedOption("--json")));
        CommandLine.ParseResult defaults = PeerConnectCli.commandLine().parseArgs("bench", "fuzz").subcommand().subcommand();
        assertEquals(1_000_000L, (Long) defaults.commandSpec().findOption("--datagrams").getValue());
    }

    @Test
    void aSmallRunPrintsEveryFigure() {
        CliRun run = CliRun.execute("bench", "fuzz", "--datagrams", "2000", "--seed", "2", "--targets", "decoders,memory");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err() + run.out()),
                () -> assertTrue(run.out().startsWith("bench fuzz: seed 2, 2,000 datagrams per target"), run.out()),
                () -> assertTrue(run.out().contains("mutations: BIT_FLIPS "), run.out()),
                () -> assertTrue(run.out().contains("decoders: EnvelopeCodec decoded "), run.out()),
                () -> assertTrue(run.out().contains("node: in-memory node"), run.out()),
                () -> assertTrue(run.out().contains(": all accounted"), run.out()),
                () -> assertTrue(run.out().contains("exceptions escaped: 0; passed;"), run.out()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsOneValidObjectWithTheSameFigures() {
        CliRun run = CliRun.execute("bench", "fuzz", "--datagrams", "2000", "--seed", "2", "--targets", "decoders,udp",
                "--json");
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(1, run.out().strip().lines().count(), run.out());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out().strip());
        Map<String, Object> decoders = (Map<String, Object>) json.get("decoders");
        List<Object> nodes = (List<Object>) json.get("nodes");
        Map<String, Object> udp = (Map<String, Object>) nodes.get(0);
        double rejected = ((Map<String, Object>) decoders.get("rejected")).values().stream()
                .mapToDouble(v -> (Double) v).sum();
        assertAll(
                () -> assertEquals(2000.0, json.get("datagrams")),
                () -> assertEquals(2000.0, (Double) decoders.get("decoded") + rejected),
                () -> assertEquals(FuzzCorpusTest.EVERY_TYPE.size(), ((List<Object>) json.get("corpus_types")).size()),
                () -> assertEquals(0.0, json.get("escaped")),
                () -> assertEquals(Boolean.TRUE, json.get("passed")),
                () -> assertEquals(Boolean.TRUE, udp.get("accounted")),
                () -> assertEquals((Double) udp.get("received"), (Double) udp.get("dispatched")
                        + (Double) udp.get("replies_matched") + (Double) udp.get("dropped_total")));
    }
}
