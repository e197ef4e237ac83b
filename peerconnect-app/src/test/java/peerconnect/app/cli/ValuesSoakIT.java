package peerconnect.app.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values soak ({@link ValuesSoak}) with the runtime image in network namespaces, short by default
 * (50 s of load: two restarts, one by quit and one by SIGKILL; under 2 minutes with start and checks). {@code PEERCONNECT_SOAK_MINUTES=30} makes it
 * the long benchmark run of docs/BENCHMARKS.md (a restart every 4 minutes), see
 * {@code peerconnect-app/soak-values.sh}. What must hold, whatever the length: every acknowledged value
 * is found from every node at the end (and one whose TTL is up from none), no put or STORE was refused,
 * a put away from restarts reached all other nodes, every clean stop exits 0, gossip reached every node
 * that was up. Skipped, saying why, where namespaces cannot be made or the image is missing.
 */
class ValuesSoakIT {
    private static final Path IMAGE = Path.of("target", "peerconnect", "bin", "peerconnect").toAbsolutePath();

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedValueSurvivesRestartsAndKillsAndIsFoundEverywhere() throws Exception {
        assume(Files.isExecutable(IMAGE), "no runtime image at " + IMAGE + " (built by package)");
        Optional<String> reason = SoakLan.unavailableReason();
        assume(reason.isEmpty(), reason.orElse(""));
        ValuesSoak.Settings settings = settings();
        SoakReport r = new ValuesSoak(settings, IMAGE, data).run();
        System.out.print(r.format());
        System.out.printf("  load average %s", Files.readString(Path.of("/proc/loadavg")));
        assertAll(
                () -> assertEquals(List.of(), r.failures(), "console failures"),
                () -> assertTrue(r.puts().size() >= settings.duration().toSeconds() / settings.putEvery().toSeconds()
                        * settings.nodes() / 2, r.puts().size() + " puts"),
                () -> assertEquals(0, r.finalGets().bad(), "values missing at the end"),
                () -> assertEquals(0, r.finalGets().expiredBad(), "values found after their TTL"),
                () -> assertTrue(r.finalGets().ok() >= (long) r.puts().size() * settings.nodes() / 2, "final gets"),
                () -> assertEquals(0, r.runGets().bad(), "gets that failed during the run"),
                () -> assertEquals(0, r.refusedPuts(), "puts with a refusal"),
                () -> assertEquals(List.of(), r.shortPutsAwayFromRestarts(), "puts away from restarts not at all peers"),
                () -> assertEquals(0, r.counter("storesRefused"), "refused STOREs of honest publishers"),
                () -> assertEquals(0, r.counter("rejected.SOURCE_QUOTA") + r.counter("rejected.STORE_FULL"),
                        "refusals counted at holders"),
                () -> assertTrue(r.restarts().stream().allMatch(x -> x.quitExit() == 0), "quit exits 0"),
                () -> assertTrue(r.quitExits().stream().allMatch(x -> x == 0), "final quit exits 0: " + r.quitExits()),
                () -> assertTrue(r.restarts().size() >= 2, r.restarts().size() + " restarts"),
                () -> assertEquals(r.gossipOwed(), r.gossipDelivered(), "gossip deliveries"));
    }

    private static ValuesSoak.Settings settings() {
        String minutes = System.getenv("PEERCONNECT_SOAK_MINUTES");
        if (minutes == null || minutes.isBlank()) {
            return new ValuesSoak.Settings(5, Duration.ofSeconds(50), Duration.ofSeconds(18), Duration.ofSeconds(2),
                    Duration.ofSeconds(10), Duration.ofSeconds(20), 19);
        }
        Duration d = Duration.ofMinutes(Long.parseLong(minutes.strip()));
        return new ValuesSoak.Settings(5, d, Duration.ofMinutes(4), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMinutes(10), 19);
    }

    private static void assume(boolean condition, String reason) {
        if (!condition) {
            System.err.println("ValuesSoakIT skipped: " + reason);
        }
        Assumptions.assumeTrue(condition, reason);
    }
}
