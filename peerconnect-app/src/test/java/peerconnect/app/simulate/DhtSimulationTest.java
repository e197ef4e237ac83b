package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The simulation at test-suite size (hundreds of nodes, fixed seeds): the same goals as the
 * 10,000-node run of {@code peerconnect simulate dht}, and reproducibility. No wall-clock thresholds.
 */
class DhtSimulationTest {

    @Test
    void aThousandNodesFindEveryoneAndEveryValue() {
        DhtSimulationReport r = DhtSimulation.run(new DhtSimulationSettings(1000, 300, 300, 0, 0, 42));
        System.err.println(r);
        assertEquals(1.0, r.lookupSuccessRate(), "lookup success");
        assertEquals(1.0, r.closestRecall(), "the true closest node is the first result");
        assertEquals(1.0, r.recallAtK(), 1e-9, "recall of the true k closest");
        assertEquals(1.0, r.putSuccessRate());
        assertEquals(1.0, r.getSuccessRate());
        assertTrue(r.hopsP50() <= 3 && r.hopsP99() <= 5, "hops p50 " + r.hopsP50() + ", p99 " + r.hopsP99());
        assertEquals(0, r.nodesRemoved());
    }

    @Test
    void valuesSurviveChurnAndLoss() {
        DhtSimulationReport r = DhtSimulation.run(new DhtSimulationSettings(400, 100, 200, 0.2, 0.05, 7));
        System.err.println(r);
        assertEquals(80, r.nodesRemoved());
        assertTrue(r.getSuccessRate() >= 0.99, "get success " + r.getSuccessRate());
        assertTrue(r.lookupSuccessRate() >= 0.95, "lookup success under 5% loss " + r.lookupSuccessRate());
    }

    @Test
    void theSameSeedGivesTheSameReport() {
        DhtSimulationSettings s = new DhtSimulationSettings(300, 100, 100, 0.1, 0.02, 99);
        DhtSimulationReport a = DhtSimulation.run(s).reproducible();
        DhtSimulationReport b = DhtSimulation.run(s).reproducible();
        assertEquals(a, b);
        DhtSimulationReport other = DhtSimulation.run(new DhtSimulationSettings(300, 100, 100, 0.1, 0.02, 100))
                .reproducible();
        assertTrue(!a.equals(other), "another seed, another run");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DhtSimulationSettings(1, 1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DhtSimulationSettings(10, -1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DhtSimulationSettings(10, 1, 1, 1.0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new DhtSimulationSettings(10, 1, 1, 0, Double.NaN, 1));
    }

    @Test
    void percentilesUseTheNearestRank() {
        int[] sorted = {1, 1, 2, 2, 2, 3, 3, 3, 4, 5};
        assertEquals(2, DhtSimulation.percentile(sorted, 50));
        assertEquals(5, DhtSimulation.percentile(sorted, 95));
        assertEquals(5, DhtSimulation.percentile(sorted, 99));
        assertEquals(0, DhtSimulation.percentile(new int[0], 50));
    }
}
