package peerconnect.app.bench;

import peerconnect.app.cli.CliRun;
import peerconnect.app.console.MiniJson;
import peerconnect.app.cli.PeerConnectCli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code bench udp}: its options, its errors, and what a small real run prints, as text and as JSON. */
class BenchUdpCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "601", "NaN"})
    void aSecondsValueOutOfRangeExitsTwoWithOneSentence(String seconds) {
        CliRun run = CliRun.execute("bench", "udp", "--seconds", seconds);
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().startsWith("--seconds must be more than 0 and at most 600, got "), run.err()),
                () -> assertEquals("", run.out()));
    }

    @Test
    void aSecondsValueThatIsNoNumberExitsTwo() {
        CliRun run = CliRun.execute("bench", "udp", "--seconds", "three");
        assertAll(
                () -> assertEquals(2, run.exitCode()),
                () -> assertTrue(run.err().contains("'three'"), run.err()),
                () -> assertTrue(run.err().contains("Usage: peerconnect bench udp"), run.err()));
    }

    @Test
    void optionsAreParsed() {
        CommandLine cli = PeerConnectCli.commandLine();
        CommandLine.ParseResult parsed = cli.parseArgs("bench", "udp", "--seconds", "0.5", "--json");
        CommandLine.ParseResult udp = parsed.subcommand().subcommand();
        assertAll(
                () -> assertEquals("udp", udp.commandSpec().name()),
                () -> assertEquals(0.5, udp.matchedOptionValue("--seconds", 0.0)),
                () -> assertTrue(udp.hasMatchedOption("--json")));
        CommandLine.ParseResult defaults = PeerConnectCli.commandLine().parseArgs("bench", "udp")
                .subcommand().subcommand();
        assertEquals(3.0, (Double) defaults.commandSpec().findOption("--seconds").getValue());
    }

    @Test
    void aSmallRunPrintsEveryFigure() {
        CliRun run = CliRun.execute("bench", "udp", "--seconds", "0.2");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertTrue(run.out().startsWith("bench udp: loopback, 100-byte datagrams, 0.2 s per phase"),
                        run.out()),
                () -> assertTrue(run.out().contains("raw DatagramChannel"), run.out()),
                () -> assertTrue(run.out().contains("pipeline (socket->decode->dispatch->handler)"), run.out()),
                () -> assertTrue(run.out().contains("ratio pipeline/raw: "), run.out()),
                () -> assertTrue(run.out().contains("pipeline with network key (sealed both ends)"), run.out()),
                () -> assertTrue(run.out().contains("ratio network key on/off: "), run.out()),
                () -> assertTrue(run.out().contains(" 1 in flight: raw p50 "), run.out()),
                () -> assertTrue(run.out().contains("64 in flight: raw p50 "), run.out()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsOneValidObjectWithTheFigures() {
        // Half a second per phase: at 0.2 s one descheduling of a thread on a loaded machine can leave a phase with no sample.
        CliRun run = CliRun.execute("bench", "udp", "--seconds", "0.5", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.out().strip().lines().count(), "one line: " + run.out());
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(run.out().strip());
        Map<String, Object> throughput = (Map<String, Object>) json.get("throughput");
        Map<String, Object> raw = (Map<String, Object>) throughput.get("raw");
        Map<String, Object> pipeline = (Map<String, Object>) throughput.get("pipeline");
        Map<String, Object> sealed = (Map<String, Object>) throughput.get("sealed");
        List<Object> roundTrips = (List<Object>) json.get("round_trips");
        assertAll(
                () -> assertEquals(0.5, (Double) json.get("seconds_per_phase"), 1e-9),
                () -> assertEquals(100.0, json.get("datagram_bytes")),
                () -> assertTrue((Double) raw.get("received") > 0, raw.toString()),
                () -> assertTrue((Double) pipeline.get("received") > 0, pipeline.toString()),
                () -> assertEquals((Double) pipeline.get("per_second") / (Double) raw.get("per_second"),
                        (Double) throughput.get("ratio"), 0.01),
                () -> assertTrue((Double) sealed.get("received") > 0, sealed.toString()),
                () -> assertEquals((Double) sealed.get("per_second") / (Double) pipeline.get("per_second"),
                        (Double) throughput.get("sealed_ratio"), 0.01),
                () -> assertEquals(0.8, (Double) throughput.get("goal_min_sealed_ratio"), 1e-9),
                () -> assertEquals(2, roundTrips.size()),
                () -> assertEquals(List.of(1.0, 64.0), roundTrips.stream()
                        .map(r -> ((Map<String, Object>) r).get("in_flight")).toList()));
        for (Object r : roundTrips) {
            Map<String, Object> trips = (Map<String, Object>) r;
            for (String way : List.of("raw", "pipeline")) {
                Map<String, Object> latency = (Map<String, Object>) trips.get(way);
                assertTrue((Double) latency.get("samples") > 0, way + ": " + latency);
                assertTrue((Double) latency.get("p50_us") <= (Double) latency.get("p99_us"), way + ": " + latency);
            }
            assertTrue(trips.containsKey("p50_ratio") && trips.containsKey("p99_ratio"), trips.toString());
        }
    }

    @Test
    void textAndJsonShowTheSameFigures() {
        UdpBenchFigures figures = new UdpBenchFigures(3, 100,
                new UdpBenchFigures.Throughput(1000, 900, 0, 3), new UdpBenchFigures.Throughput(1000, 720, 5, 3),
                new UdpBenchFigures.Throughput(1000, 540, 0, 3),
                List.of(new UdpBenchFigures.RoundTrips(1,
                        new UdpBenchFigures.Latency(10, 0, 10.0, 20.0), new UdpBenchFigures.Latency(10, 1, 12.5, 30.0))));
        String text = figures.toText();
        String json = figures.toJson();
        assertAll(
                () -> assertTrue(text.contains("300 /s") && json.contains("\"per_second\":300.0000"), text + json),
                () -> assertTrue(text.contains("240 /s") && json.contains("\"per_second\":240.0000"), text + json),
                () -> assertTrue(text.contains("ratio pipeline/raw: 0.80") && json.contains("\"ratio\":0.8000"), text + json),
                () -> assertTrue(text.contains("180 /s") && json.contains("\"per_second\":180.0000"), text + json),
                () -> assertTrue(text.contains("ratio network key on/off: 0.75")
                        && json.contains("\"sealed_ratio\":0.7500"), text + json),
                () -> assertTrue(text.contains("loss 10.0 %") && json.contains("\"loss\":0.1000"), text + json),
                () -> assertTrue(text.contains("ratio p50 1.25 p99 1.50") && json.contains("\"p50_ratio\":1.2500")
                        && json.contains("\"p99_ratio\":1.5000"), text + json),
                () -> assertTrue(text.contains("(10, 1 failed)") && json.contains("\"failures\":1"), text + json));
    }

    @Test
    void aFigureThatCouldNotBeMeasuredIsNullInJson() {
        UdpBenchFigures figures = new UdpBenchFigures(1, 100, new UdpBenchFigures.Throughput(0, 0, 0, 1),
                new UdpBenchFigures.Throughput(0, 0, 0, 1), new UdpBenchFigures.Throughput(0, 0, 0, 1), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(figures.toJson());
        assertNull(((Map<?, ?>) json.get("throughput")).get("ratio"));
        assertNull(((Map<?, ?>) json.get("throughput")).get("sealed_ratio"));
        assertFalse(figures.toJson().contains("NaN"));
    }

    @Test
    void theJsonReaderRejectsInvalidJson() {
        for (String bad : List.of("{", "{\"a\":NaN}", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "01")) {
            assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
        }
    }
}
