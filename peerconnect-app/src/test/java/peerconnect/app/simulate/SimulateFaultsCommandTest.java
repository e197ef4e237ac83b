package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import peerconnect.app.cli.CliRun;

/** {@code peerconnect simulate faults}: a small run prints its figures; a bad value exits 2 with one sentence. */
class SimulateFaultsCommandTest {

    @Test
    void aSmallRunPrintsTheFigures() {
        CliRun run = CliRun.execute("simulate", "faults", "--nodes", "40", "--steady-s", "20", "--kills", "2",
                "--downtime-s", "1", "--partition-s", "10", "--values", "2", "--seed", "5");
        assertAll(
                () -> assertEquals(0, run.exitCode(), run.err()),
                () -> assertTrue(run.out().startsWith("Fault simulation: 40 nodes, loss 0.10, delay 30 ± 10 ms,"
                        + " duplication 0.01, seed 5"), run.out()),
                () -> assertTrue(run.out().contains("live evictions         0 in the steady 20 s"), run.out()),
                () -> assertTrue(run.out().contains("rejoin after restart"), run.out()),
                () -> assertTrue(run.out().contains("heal: gets across"), run.out()),
                () -> assertTrue(run.err().contains("built 40 nodes"), "progress on stderr: " + run.err()));
    }

    @Test
    void aJitterLargerThanTheDelayIsRefused() {
        CliRun run = CliRun.execute("simulate", "faults", "--delay-ms", "5", "--jitter-ms", "10");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("need 0 <= jitter <= delay"), run.err());
    }
}
