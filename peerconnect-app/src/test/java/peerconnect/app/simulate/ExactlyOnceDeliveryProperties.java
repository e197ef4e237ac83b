package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each message reaches each subscriber exactly once, whatever duplication and reordering (jitter up to
 * several rounds, so copies overtake each other) the network adds. With no loss and anti-entropy on,
 * every node gets every rumor; the harness counts any second delivery of a rumor at a node.
 */
class ExactlyOnceDeliveryProperties {
    private static final long SEED = 0x0_0CE_DE1L;

    @Test
    void everySubscriberGetsEveryMessageExactlyOnceUnderDuplicationAndReordering() {
        qt().withFixedSeed(SEED).withExamples(40)
                .forAll(integers().between(2, 60), doubles().between(0, 0.6), integers().between(0, 8_000),
                        longs().all())
                .checkAssert((nodes, duplication, jitterMicros, seed) -> {
                    GossipSimulationSettings settings = GossipSimulationSettings.of(nodes, 6, seed)
                            .withDuplicationAndJitter(duplication, Duration.ofNanos(jitterMicros * 1_000L))
                            .withAntiEntropy(Duration.ofMillis(200)).withSearch(false);
                    GossipSimulationReport r = GossipSimulation.run(settings);
                    assertEquals(0, r.extraDeliveries(), () -> "second deliveries, seed " + seed + ": " + r);
                    assertEquals(1.0, r.coverageMin(), () -> "a node missed a rumor, seed " + seed + ": " + r);
                    assertEquals(6, r.rumorsFullyCovered());
                });
    }
}
