package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardPolicyTest {
    private static final ForwardPolicy DEFAULTS = ForwardPolicy.of(GossipConfig.defaults());

    @ParameterizedTest(name = "age {0}: alive {1}, again {2}")
    @CsvSource({
            "0,  true,  1.0",
            "1,  true,  0.9",
            "2,  true,  0.81",
            "4,  true,  0.6561",
            "5,  true,  0.6",     // 0.9^5 = 0.59 is under the floor
            "23, true,  0.6",
            "24, false, 0.0",     // the TTL: no forwarding from here on
            "255, false, 0.0",
    })
    void probabilityDecaysWithAgeDownToTheFloorUntilTheTtl(int age, boolean alive, double again) {
        assertEquals(alive, DEFAULTS.alive(age));
        assertEquals(again, DEFAULTS.againProbability(age), 1e-9);
    }

    @ParameterizedTest(name = "ttl {0}, decay {1}, floor {2}, age {3} -> {4}")
    @CsvSource({
            "3, 0.5, 0.0, 2, 0.25",
            "3, 0.5, 0.0, 3, 0.0",
            "10, 1.0, 0.6, 9, 1.0",
            "10, 0.1, 0.0, 1, 0.1",
            "10, 0.1, 0.3, 1, 0.3",
    })
    void otherSettings(int ttl, double decay, double floor, int age, double expected) {
        assertEquals(expected, new ForwardPolicy(ttl, decay, floor).againProbability(age), 1e-9);
    }
}
