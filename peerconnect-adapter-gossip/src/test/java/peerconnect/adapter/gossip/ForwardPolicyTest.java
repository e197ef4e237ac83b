package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

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

    @Test
    void aCopyArrivingAgainIsForwardedWhenTheCoinFallsUnderTheChance() {
        assertTrue(DEFAULTS.forwardsAgain(2, 0.80)); // chance 0.81
        assertFalse(DEFAULTS.forwardsAgain(2, 0.81));
        assertFalse(DEFAULTS.forwardsAgain(24, 0.0), "past the TTL, never");
    }

    @Test
    void pastTheTtlTheStepIsStopAndNoPeerIsAskedForOrDrawn() {
        SplittableRandom random = new SplittableRandom(1);
        long before = new SplittableRandom(1).nextLong();
        ForwardPolicy.Step step = DEFAULTS.next(24, () -> {
            throw new AssertionError("peers asked for past the TTL");
        }, 3, p -> false, random);
        assertInstanceOf(ForwardPolicy.Stop.class, step);
        assertEquals(before, random.nextLong(), "the generator was not used");
    }

    @Test
    void theStepPushesToFanoutPeersNotInformedAndStopsWhenNoneIsLeft() {
        List<PeerContact> peers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            peers.add(new PeerContact(PeerId.fromHex(String.format("%02x", i).repeat(20)),
                    NodeAddress.parse("198.18.0.1:" + (2000 + i))));
        }
        List<PeerContact> informed = peers.subList(0, 8);
        ForwardPolicy.Step step = DEFAULTS.next(3, () -> peers, 3, informed::contains, new SplittableRandom(2));
        List<PeerContact> targets = assertInstanceOf(ForwardPolicy.Push.class, step).targets();
        assertEquals(new HashSet<>(peers.subList(8, 10)), new HashSet<>(targets), "the two peers left, once each");
        assertEquals(2, targets.size());
        assertInstanceOf(ForwardPolicy.Stop.class, DEFAULTS.next(3, () -> peers, 3, p -> true, new SplittableRandom(3)));
        assertEquals(3, assertInstanceOf(ForwardPolicy.Push.class,
                DEFAULTS.next(0, () -> peers, 3, p -> false, new SplittableRandom(4))).targets().size());
    }
}
