package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkConditionsTest {

    @Test
    void perfectHasNoLossNoDuplicationNoLatency() {
        NetworkConditions p = NetworkConditions.perfect();
        assertEquals(0, p.lossProbability());
        assertEquals(0, p.duplicationProbability());
        assertEquals(Duration.ZERO, p.baseLatency());
        assertEquals(Duration.ZERO, p.jitter());
    }

    @Test
    void withersChangeOneKnob() {
        NetworkConditions c = NetworkConditions.perfect()
                .withLoss(0.25)
                .withLatency(Duration.ofMillis(2), Duration.ofMillis(3))
                .withDuplication(0.5);
        assertEquals(new NetworkConditions(0.25, Duration.ofMillis(2), Duration.ofMillis(3), 0.5), c);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
    void probabilitiesOutsideZeroToOneAreRefused(double p) {
        NetworkConditions perfect = NetworkConditions.perfect();
        assertThrows(IllegalArgumentException.class, () -> perfect.withLoss(p));
        assertThrows(IllegalArgumentException.class, () -> perfect.withDuplication(p));
    }

    @Test
    void boundaryProbabilitiesAreAccepted() {
        assertEquals(1.0, NetworkConditions.perfect().withLoss(1).lossProbability());
        assertEquals(1.0, NetworkConditions.perfect().withDuplication(1).duplicationProbability());
    }

    @Test
    void negativeOrMissingDurationsAreRefused() {
        NetworkConditions perfect = NetworkConditions.perfect();
        assertThrows(IllegalArgumentException.class, () -> perfect.withLatency(Duration.ofMillis(-1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> perfect.withLatency(Duration.ZERO, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> perfect.withLatency(null, Duration.ZERO));
    }
}
