package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimit;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

/**
 * A flood of fresh rumor ids against one node's seen-set (1,000 ids here), measured under each
 * defence alone and both together: how many honest rumors are delivered a second time when their
 * copies come back after the flood, how many flood rumors got in, and how many new honest rumors still
 * get through during the flood. Exactly-once needs the protection; availability needs the share.
 */
class SeenSetFloodTest {
    private static final NetworkConditions LAN = NetworkConditions.perfect().withLatency(Duration.ofMillis(1),
            Duration.ZERO);
    private static final int CAPACITY = 1_000;
    private static final int FLOOD = 3_000;
    private static final int HONEST = 10;
    private static final Duration PROTECTION = Duration.ofSeconds(60);

    /** What one flood did to the target node. */
    record Outcome(int redelivered, int floodAccepted, int honestDuringFlood, GossipStats stats) {
    }

    private static Outcome flood(GossipQuotas quotas, int floodAddresses) {
        GossipConfig config = GossipConfig.defaults().withSeenSet(CAPACITY, Duration.ofMinutes(10))
                .withAntiEntropy(Duration.ZERO, Duration.ofSeconds(30)).withQuotas(quotas);
        // No signature budget, and every signature taken as valid: the attacker could sign each of its
        // own rumors validly, so only the seen-set's quotas stand in the way of this flood (the checks
        // and their budget have tests of their own, SignedRumorTest); not signing 3,000 rumors per run
        // keeps the test fast.
        SmallGossipNetwork net = new SmallGossipNetwork(2, config, LAN, 77,
                new SignatureCheckSettings(RateLimit.unlimited(), 10_000), (key, data, signature) -> true);
        GossipNode honest = net.nodes.get(0);
        var target = net.contacts.get(1).address();
        EnvelopeCodec codec = EnvelopeCodec.create();
        List<InMemoryEndpoint> attackers = new ArrayList<>();
        for (int i = 0; i < floodAddresses; i++) {
            InMemoryEndpoint a = net.network.endpoint();
            a.start((from, datagram) -> { });
            attackers.add(a);
        }
        NodeKey attackerKey = NodeKey.forSimulation(-77);
        PeerId attackerId = attackerKey.peerId();

        List<MessageId> before = new ArrayList<>();
        for (int i = 0; i < HONEST; i++) {
            before.add(honest.publish(new byte[] {(byte) i}));
        }
        net.scheduler.runFor(Duration.ofSeconds(1));
        assertEquals(HONEST, net.delivered.get(1).size(), "delivered once before the flood");

        for (int i = 0; i < FLOOD; i++) {
            GossipBody.Rumor r = new GossipBody.Rumor(new MessageId(1_000_000L + i), attackerId, 0, new byte[8],
                    new OriginSignature(attackerKey.publicKey(), new byte[64]));
            attackers.get(i % floodAddresses).send(target, codec.encode(Message.request(RootCode.GOSSIP,
                    GossipOp.SIGNED_MESSAGE.code(), new MessageId(i), attackerId, GossipCodec.encode(r))));
            if (i % 50 == 49) {
                net.scheduler.runFor(Duration.ofMillis(10)); // stay under the dispatcher's queue bound
            }
        }
        net.scheduler.runFor(Duration.ofSeconds(1));
        // Copies of the honest rumors come back (a slow path, a replay): they must not be delivered again.
        for (int i = 0; i < HONEST; i++) {
            GossipBody.Rumor copy = TestRumors.signed(net.keys.get(0), before.get(i), 3, new byte[] {(byte) i});
            attackers.get(0).send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SIGNED_MESSAGE.code(),
                    new MessageId(FLOOD + i), attackerId, GossipCodec.encode(copy))));
        }
        net.scheduler.runFor(Duration.ofSeconds(1));
        Set<MessageId> during = new HashSet<>();
        for (int i = 0; i < HONEST; i++) {
            during.add(honest.publish(new byte[] {(byte) (100 + i)}));
        }
        net.scheduler.runFor(Duration.ofSeconds(1));

        List<GossipMessage> got = net.delivered.get(1);
        int redelivered = (int) got.stream().filter(m -> before.contains(m.id())).count() - HONEST;
        int floodAccepted = (int) got.stream().filter(m -> m.origin().equals(attackerId)).count();
        int honestDuring = (int) got.stream().filter(m -> during.contains(m.id())).count();
        return new Outcome(redelivered, floodAccepted, honestDuring, net.nodes.get(1).stats());
    }

    @Test
    void withoutDefencesTheFloodFlushesTheSetAndHonestRumorsAreDeliveredAgain() {
        Outcome o = flood(new GossipQuotas(10_000_000, Duration.ZERO, 64), 1);
        assertAll(() -> assertEquals(HONEST, o.redelivered(), o.toString()),
                () -> assertEquals(FLOOD, o.floodAccepted()),
                () -> assertEquals(HONEST, o.honestDuringFlood()));
    }

    @Test
    void theShareAloneHoldsOneAddressButNotMany() {
        GossipQuotas share = new GossipQuotas(CAPACITY / 4, Duration.ZERO, 64);
        Outcome one = flood(share, 1);
        assertAll(() -> assertEquals(0, one.redelivered(), one.toString()),
                () -> assertEquals(CAPACITY / 4, one.floodAccepted()),
                () -> assertEquals(HONEST, one.honestDuringFlood()),
                () -> assertEquals(FLOOD - CAPACITY / 4,
                        one.stats().rejected().getOrDefault(GossipRejection.SEEN_SOURCE_SHARE, 0L)));
        Outcome eight = flood(share, 8);
        assertAll(() -> assertEquals(HONEST, eight.redelivered(), "eight addresses flush it: " + eight),
                () -> assertEquals(FLOOD, eight.floodAccepted(), "evicted ids free their share again"));
    }

    @Test
    void theProtectionAloneKeepsExactlyOnceButStarvesNewRumors() {
        Outcome o = flood(new GossipQuotas(10_000_000, PROTECTION, 64), 1);
        assertAll(() -> assertEquals(0, o.redelivered(), o.toString()),
                () -> assertEquals(CAPACITY - HONEST, o.floodAccepted()),
                () -> assertEquals(0, o.honestDuringFlood(), "the full set refuses them until ids age"),
                () -> assertTrue(o.stats().rejected().getOrDefault(GossipRejection.SEEN_FULL, 0L) > 0));
    }

    @Test
    void bothTogetherKeepExactlyOnceAndLeaveRoomForHonestRumors() {
        GossipQuotas both = new GossipQuotas(CAPACITY / 4, PROTECTION, 64);
        Outcome one = flood(both, 1);
        assertAll(() -> assertEquals(0, one.redelivered(), one.toString()),
                () -> assertEquals(CAPACITY / 4, one.floodAccepted()),
                () -> assertEquals(HONEST, one.honestDuringFlood()));
        Outcome eight = flood(both, 8);
        assertAll(() -> assertEquals(0, eight.redelivered(), "many addresses: still exactly once " + eight),
                () -> assertEquals(0, eight.stats().seenEvicted(), "nothing young was forgotten"),
                () -> assertEquals(CAPACITY - HONEST, eight.floodAccepted()),
                () -> assertEquals(0, eight.honestDuringFlood(), "the price: refused until ids age"));
    }
}
