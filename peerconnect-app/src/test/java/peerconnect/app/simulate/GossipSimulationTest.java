package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness on networks small enough for the test suite; the 10,000-node figures come from `simulate gossip`. */
class GossipSimulationTest {

    @Test
    void fiveHundredNodesAllGetEveryRumorCheaplyAndASearchFindsItsOneNode() {
        // 40 rumors: the shuffles and digests cost per second, not per rumor, and the run's 6 s tail
        // (three anti-entropy intervals) would weigh on a handful of rumors as it never does in use.
        GossipSimulationReport r = GossipSimulation.run(GossipSimulationSettings.of(500, 40, 11));
        assertAll(r.toString(),
                () -> assertEquals(500, r.liveNodes()),
                () -> assertEquals(1.0, r.coverageMin()),
                () -> assertEquals(40, r.rumorsFullyCovered()),
                () -> assertTrue(r.rounds99Max() >= 0 && r.rounds99Max() <= r.roundGoal()),
                () -> assertTrue(r.datagramsPerNodePerRumor() <= 8),
                () -> assertEquals(0, r.extraDeliveries()),
                () -> assertEquals(0, r.rejected()),
                () -> assertTrue(r.duplicatesSuppressed() > 0),
                () -> assertTrue(r.searchFound()),
                () -> assertEquals(1, r.searchResults()),
                () -> assertTrue(r.searchFirstResultRounds() > 0));
    }

    @Test
    void withLossAndChurnNearlyEveryLiveNodeStillGetsEveryRumor() {
        GossipSimulationReport r = GossipSimulation.run(GossipSimulationSettings.of(400, 8, 12).withFaults(0.05, 0.2));
        assertAll(r.toString(),
                () -> assertEquals(320, r.liveNodes()),
                () -> assertTrue(r.coverageMin() >= 0.99),
                () -> assertEquals(0, r.extraDeliveries()),
                () -> assertTrue(r.searchFound()));
    }

    @Test
    void pushAloneLeavesSomeNodesOutUnderChurnWhichAntiEntropyRepairs() {
        // 30 % loss: with the gossip view, push alone reaches every live node at 5 % loss and 20 % churn.
        GossipSimulationSettings settings = GossipSimulationSettings.of(400, 8, 13).withFaults(0.3, 0.2)
                .withSearch(false);
        GossipSimulationReport push = GossipSimulation.run(settings.withAntiEntropy(Duration.ZERO));
        GossipSimulationReport pushPull = GossipSimulation.run(settings);
        assertEquals(0, push.pullPerNodePerRumor());
        assertTrue(pushPull.pullPerNodePerRumor() > 0);
        assertTrue(push.coverageMin() < pushPull.coverageMin(), push + "\n" + pushPull);
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedAnotherOne() {
        GossipSimulationSettings settings = GossipSimulationSettings.of(200, 5, 14).withFaults(0.1, 0.1);
        GossipSimulationReport first = GossipSimulation.run(settings);
        assertEquals(first, GossipSimulation.run(settings));
        GossipSimulationSettings other = new GossipSimulationSettings(200, 5, 3, 0.1, 0.1, 0, Duration.ZERO,
                settings.antiEntropyInterval(), 64, true, 15);
        assertNotEquals(first.duplicatesSuppressed(), GossipSimulation.run(other).duplicatesSuppressed());
    }
}
