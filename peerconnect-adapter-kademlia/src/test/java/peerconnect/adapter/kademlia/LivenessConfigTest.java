package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The liveness settings: what the rules read from them, and the values they refuse. */
class LivenessConfigTest {
    private static final LivenessConfig D = LivenessConfig.defaults();

    private static LivenessConfig with(int bad, int evict, long firstMs, long maxMs, int retries, long minMs, long maxAttemptMs) {
        return new LivenessConfig(D.questionableAfter(), bad, evict, Duration.ofMillis(firstMs), Duration.ofMillis(maxMs),
                retries, Duration.ofMillis(minMs), Duration.ofMillis(maxAttemptMs));
    }

    @Test
    void theRulesReadTheirLimitsFromTheSettings() {
        LivenessConfig c = new LivenessConfig(Duration.ofMinutes(2), 4, 6, Duration.ofMillis(500), Duration.ofSeconds(8), 5,
                Duration.ofMillis(100), Duration.ofSeconds(2));
        assertEquals(new LivenessRules.Policy(120_000, 4, 6, 500, 8000), LivenessRules.Policy.of(c));
        assertEquals(500, LivenessRules.recheckAfter(1, LivenessRules.Policy.of(c)));
        assertEquals(8000, LivenessRules.recheckAfter(9, LivenessRules.Policy.of(c)));
        assertEquals(new LivenessRules.Policy(900_000, 3, 5, 1000, 30_000), LivenessRules.Policy.defaults());
    }

    @Test
    void outOfRangeOrOutOfOrderValuesAreRefusedByName() {
        record Row(String name, Runnable make) { }
        for (Row r : java.util.List.of(
                new Row("badAfterFailures", () -> with(0, 5, 1000, 30_000, 3, 250, 3000)),
                new Row("evictAloneAfterFailures", () -> with(3, 2, 1000, 30_000, 3, 250, 3000)),
                new Row("firstRecheck", () -> with(3, 5, 0, 30_000, 3, 250, 3000)),
                new Row("maxRecheck", () -> with(3, 5, 2000, 1000, 3, 250, 3000)),
                new Row("recheckRetries", () -> with(3, 5, 1000, 30_000, 0, 250, 3000)),
                new Row("minAttemptTimeout", () -> with(3, 5, 1000, 30_000, 3, -1, 3000)),
                new Row("maxAttemptTimeout", () -> with(3, 5, 1000, 30_000, 3, 500, 400)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r.make()::run, r.name());
            assertTrue(e.getMessage().contains(r.name()), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new LivenessConfig(Duration.ZERO, 3, 5,
                Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofMillis(250), Duration.ofSeconds(3)));
    }

    @Test
    void theRpcTimeoutMustLieWithinTheAttemptTimeoutsAndARecheckMustTryHarderThanACall() {
        KademliaConfig k = KademliaConfig.defaults();
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> k.withLiveness(with(3, 5, 1000, 30_000, 3, 1500, 3000)));
        assertTrue(low.getMessage().contains("rpcTimeout"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> k.withLiveness(with(3, 5, 1000, 30_000, 3, 250, 900)));
        IllegalArgumentException retries = assertThrows(IllegalArgumentException.class,
                () -> k.withLiveness(with(3, 5, 1000, 30_000, 1, 250, 3000)));
        assertTrue(retries.getMessage().contains("recheckRetries"), retries.getMessage());
        assertEquals(2, k.withLiveness(with(3, 5, 1000, 30_000, 2, 250, 3000)).liveness().recheckRetries());
    }
}
