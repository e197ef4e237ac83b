package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GossipConfigTest {
    private static final GossipConfig D = GossipConfig.defaults();

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(7, D.fanout());
        assertEquals(D.view().size(), D.fanout(), "a rumor goes once to the whole view");
        assertEquals(new ViewConfig(7, 4, Duration.ofSeconds(1)), D.view());
        assertEquals(24, D.ttlHops());
        assertEquals(0.6, D.forwardFloor());
        assertEquals(0.9, D.forwardDecay());
        assertEquals(1232 - 34 - 31 - 32 - 64, D.maxPayloadBytes(), "a signed rumor fits one 1232-byte datagram");
        assertEquals(65_536, D.seenCapacity());
        assertEquals(Duration.ofMinutes(10), D.seenExpiry());
        assertEquals(Duration.ofSeconds(2), D.searchTimeout());
        assertTrue(D.antiEntropyEnabled());
        assertEquals(Duration.ofSeconds(2), D.antiEntropyInterval());
        assertEquals(GossipQuotas.defaults(), D.quotas());
        assertEquals(65_536 / 8, D.quotas().maxSeenPerSource());
        assertEquals(Duration.ofSeconds(60), D.quotas().seenProtection(), "twice the anti-entropy window");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("fanout", (Supplier<GossipConfig>) () -> D.withFanout(0)),
                Arguments.of("antiEntropyInterval", (Supplier<GossipConfig>) () -> D.withAntiEntropy(Duration.ofSeconds(-1),
                        Duration.ofSeconds(1))),
                Arguments.of("antiEntropyWindow", (Supplier<GossipConfig>) () -> D.withAntiEntropy(Duration.ZERO,
                        Duration.ZERO)),
                Arguments.of("seenExpiry", (Supplier<GossipConfig>) () -> D.withSeenSet(10, Duration.ofSeconds(1))),
                Arguments.of("seenCapacity", (Supplier<GossipConfig>) () -> D.withSeenSet(0, Duration.ofMinutes(1))),
                Arguments.of("forwardFloor", (Supplier<GossipConfig>) () -> new GossipConfig(3, 24, 0.9, 1.5, 10, 10,
                        Duration.ofMinutes(1), 1, 1, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("forwardDecay", (Supplier<GossipConfig>) () -> new GossipConfig(3, 24, Double.NaN, 0.6, 10,
                        10, Duration.ofMinutes(1), 1, 1, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("maxPayloadBytes", (Supplier<GossipConfig>) () -> new GossipConfig(3, 24, 0.9, 0.6, 5000,
                        10, Duration.ofMinutes(1), 1, 1, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("searchTimeout", (Supplier<GossipConfig>) () -> new GossipConfig(3, 24, 0.9, 0.6, 10, 10,
                        Duration.ofMinutes(1), 1, 1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))),
                Arguments.of("maxSeenPerSource", (Supplier<GossipConfig>) () -> D.withQuotas(
                        new GossipQuotas(0, Duration.ofSeconds(60), 64))),
                Arguments.of("seenProtection", (Supplier<GossipConfig>) () -> D.withQuotas(
                        new GossipQuotas(8, Duration.ofSeconds(-1), 64))),
                Arguments.of("seenProtection", (Supplier<GossipConfig>) () -> D.withQuotas(
                        new GossipQuotas(8, Duration.ofMinutes(11), 64))),
                Arguments.of("maxInformedPerRumor", (Supplier<GossipConfig>) () -> D.withQuotas(
                        new GossipQuotas(8, Duration.ofSeconds(60), 0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aBadSettingIsRefusedByName(String setting, Supplier<GossipConfig> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(setting), e.getMessage());
    }
}
