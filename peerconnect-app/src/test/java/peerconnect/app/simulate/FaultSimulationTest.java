package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fault simulation on a small network: no live peer evicted under the bad LAN, killed nodes back
 * with peers within 2 s of their restart, values and rumors across a healed partition, every steady
 * rumor delivered, and the same seed giving the same figures.
 */
class FaultSimulationTest {
    private static FaultSimulation.Settings small(long seed) {
        return new FaultSimulation.Settings(80, FaultModel.badLan(), Duration.ofSeconds(60), 4, Duration.ofSeconds(2),
                Duration.ofSeconds(20), 3, 5, seed);
    }

    @Test
    void aSmallNetworkStaysJoinedOnABadLan() {
        FaultReport r = FaultSimulation.run(small(3), line -> { });
        System.out.print(r.toText());
        assertEquals(0, r.steadyLiveEvictions(), "live peers evicted under 10 % loss");
        assertEquals(0, r.liveEvictions(), "nor later");
        assertTrue(r.rejoinPercentile(100) >= 0 && r.rejoinPercentile(100) <= 2_000, "rejoined within 2 s: "
                + java.util.Arrays.toString(r.rejoinMillis()));
        assertTrue(r.seenAtNewAddressWithin10s() > 0, "some holders followed the move");
        assertTrue(r.getRateAfterHeal() >= 0.9, "values across the healed cut: " + r.getRateAfterHeal());
        assertEquals(5L * 79, r.rumors().steadyExpected());
        assertEquals(r.rumors().steadyExpected(), r.rumors().steadyDelivered(), "every steady rumor at every other node");
        assertTrue(r.rumors().healAMillis() >= 0 && r.rumors().healBMillis() >= 0,
                "each half's cut rumor reached the other half: " + r.rumors());
        assertEquals(0, r.rumors().duplicates());
        assertTrue(r.rumors().allDelivered());
    }

    @Test
    void theSameSeedGivesTheSameFigures() {
        FaultReport a = FaultSimulation.run(small(4), line -> { });
        FaultReport b = FaultSimulation.run(small(4), line -> { });
        assertEquals(a.datagrams(), b.datagrams());
        assertEquals(a.liveEvictions(), b.liveEvictions());
        assertEquals(a.deadEvictions(), b.deadEvictions());
        assertArrayEquals(a.rejoinMillis(), b.rejoinMillis());
        assertEquals(a.getRateAfterHeal(), b.getRateAfterHeal());
        assertEquals(a.rumors(), b.rumors());
        assertEquals(a.toText().replaceAll("wall time .*", ""), b.toText().replaceAll("wall time .*", ""),
                "the whole report but its wall time");
    }

    @Test
    void impossibleFiguresAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FaultModel(1.0, Duration.ofMillis(30),
                Duration.ofMillis(10), 0));
        assertThrows(IllegalArgumentException.class, () -> new FaultModel(0.1, Duration.ofMillis(5),
                Duration.ofMillis(10), 0));
        assertThrows(IllegalArgumentException.class, () -> new FaultSimulation.Settings(10, FaultModel.badLan(),
                Duration.ofSeconds(1), 6, Duration.ZERO, Duration.ofSeconds(1), 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FaultSimulation.Settings(10, FaultModel.badLan(),
                Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(1), 0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new FaultSimulation.Settings(10, FaultModel.badLan(),
                Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofMillis(500), 0, 1, 1));
    }
}
