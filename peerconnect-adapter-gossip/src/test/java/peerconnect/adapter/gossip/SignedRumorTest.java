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
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

/**
 * An attacker on the in-memory network tries to publish under another node's id, to forge or alter a
 * rumor's signature, to make a node check the same forgery again and again, and to spend the budget
 * of checks with a flood of forgeries; each attempt fails, and the counters say why.
 */
class SignedRumorTest {
    private static final NetworkConditions LAN = NetworkConditions.perfect().withLatency(Duration.ofMillis(1),
            Duration.ofMillis(2));
    private static final EnvelopeCodec CODEC = EnvelopeCodec.create();
    private static final NodeKey ATTACKER = NodeKey.forSimulation(-1);

    private static void send(InMemoryEndpoint from, NodeAddress to, GossipBody.Rumor rumor, long envelopeId) {
        from.send(to, CODEC.encode(Message.request(RootCode.GOSSIP, GossipOp.SIGNED_MESSAGE.code(),
                new MessageId(envelopeId), ATTACKER.peerId(), GossipCodec.encode(rumor))));
    }

    private static InMemoryEndpoint attacker(SmallGossipNetwork net) {
        InMemoryEndpoint a = net.network.endpoint();
        a.start((from, datagram) -> { });
        return a;
    }

    private static long deliveredAnywhere(SmallGossipNetwork net, MessageId id) {
        return net.delivered.stream().flatMap(List::stream).filter(m -> m.id().equals(id)).count();
    }

    @Test
    void aRumorSignedByItsOriginReachesEveryNodeWithItsOriginAndIsCheckedOncePerNode() {
        SmallGossipNetwork net = new SmallGossipNetwork(10, GossipConfig.defaults(), LAN, 1);
        MessageId id = net.nodes.get(0).publish("hello".getBytes());
        net.scheduler.runFor(Duration.ofSeconds(2));
        for (int i = 1; i < 10; i++) {
            List<GossipMessage> got = net.delivered.get(i);
            assertEquals(1, got.size(), "node " + i);
            assertEquals(net.keys.get(0).peerId(), got.get(0).origin());
            assertTrue(net.checkers.get(i).checked() <= 1, "node " + i + " checked one rumor "
                    + net.checkers.get(i).checked() + " times");
        }
        assertEquals(9, deliveredAnywhere(net, id));
    }

    @Test
    void aRumorClaimingAnotherNodesIdIsRefusedAsOriginNotKeyAndGoesNowhere() {
        SmallGossipNetwork net = new SmallGossipNetwork(5, GossipConfig.defaults(), LAN, 2);
        InMemoryEndpoint attacker = attacker(net);
        PeerId victim = net.keys.get(0).peerId();
        // Signed by the attacker's own key, but naming the victim as origin.
        GossipBody.Rumor own = TestRumors.signed(ATTACKER, new MessageId(5), 0, "I am node 0".getBytes());
        GossipBody.Rumor forged = new GossipBody.Rumor(own.id(), victim, 0, own.payload(), own.signature());
        send(attacker, net.contacts.get(1).address(), forged, 1);
        net.scheduler.runFor(Duration.ofSeconds(2));
        assertAll(() -> assertEquals(0, deliveredAnywhere(net, forged.id())),
                () -> assertEquals(1L, net.nodes.get(1).stats().rejected().get(GossipRejection.ORIGIN_NOT_KEY)),
                () -> assertEquals(0, net.checkers.get(1).checked(), "refused before any signature check"));
    }

    @Test
    void aForgedOrAlteredSignatureIsRefusedAsBadSignatureAndNeitherDeliveredNorForwarded() {
        SmallGossipNetwork net = new SmallGossipNetwork(5, GossipConfig.defaults(), LAN, 3);
        InMemoryEndpoint attacker = attacker(net);
        NodeKey victim = net.keys.get(0);
        // The victim's real public key, a signature made up.
        GossipBody.Rumor madeUp = new GossipBody.Rumor(new MessageId(6), victim.peerId(), 0, "forged".getBytes(),
                new OriginSignature(victim.publicKey(), new byte[NodeKey.SIGNATURE_BYTES]));
        // A real rumor of the victim, its payload changed on the way.
        GossipBody.Rumor real = TestRumors.signed(victim, new MessageId(7), 1, "pay 10".getBytes());
        GossipBody.Rumor altered = new GossipBody.Rumor(real.id(), real.origin(), 1, "pay 99".getBytes(),
                real.signature());
        send(attacker, net.contacts.get(1).address(), madeUp, 1);
        send(attacker, net.contacts.get(1).address(), altered, 2);
        net.scheduler.runFor(Duration.ofSeconds(2));
        assertAll(() -> assertEquals(0, deliveredAnywhere(net, madeUp.id())),
                () -> assertEquals(0, deliveredAnywhere(net, altered.id())),
                () -> assertEquals(2L, net.nodes.get(1).stats().rejected().get(GossipRejection.BAD_SIGNATURE)),
                () -> assertEquals(0, net.nodes.get(1).stats().pushed(), "node 1 forwarded nothing"));
        // The genuine copy of the same id, arriving after the forgery, still gets through.
        send(attacker, net.contacts.get(1).address(), real, 3);
        net.scheduler.runFor(Duration.ofSeconds(2));
        assertEquals(4, deliveredAnywhere(net, real.id()), "every node but the origin got the genuine copy");
        assertEquals("pay 10", new String(net.delivered.get(1).get(0).payload()));
    }

    @Test
    void theSameForgeryAgainAndAgainCostsOneSignatureCheck() {
        SmallGossipNetwork net = new SmallGossipNetwork(2, GossipConfig.defaults(), LAN, 4);
        InMemoryEndpoint attacker = attacker(net);
        NodeKey victim = net.keys.get(0);
        GossipBody.Rumor madeUp = new GossipBody.Rumor(new MessageId(8), victim.peerId(), 0, "x".getBytes(),
                new OriginSignature(victim.publicKey(), new byte[NodeKey.SIGNATURE_BYTES]));
        for (int i = 0; i < 20; i++) {
            send(attacker, net.contacts.get(1).address(), madeUp, i);
        }
        net.scheduler.runFor(Duration.ofSeconds(1));
        assertAll(() -> assertEquals(1, net.checkers.get(1).checked()),
                () -> assertEquals(19, net.checkers.get(1).cacheHits()),
                () -> assertEquals(20L, net.nodes.get(1).stats().rejected().get(GossipRejection.BAD_SIGNATURE)));
    }

    /**
     * A flood of forgeries, each with a fresh id (so none hits the cache), from a few addresses at ten
     * times what the budget lets them have checked, while an honest node publishes: the checks spent
     * stay within the budget, the rest is dropped unchecked and counted, and at least 99 % of the
     * honest rumors reach every node.
     */
    @Test
    void aFloodOfForgedSignaturesStaysWithinTheBudgetWhileHonestRumorsGetThrough() {
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofMillis(500), Duration.ofSeconds(30));
        SmallGossipNetwork net = new SmallGossipNetwork(6, config, LAN, 5);
        List<InMemoryEndpoint> attackers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attackers.add(attacker(net));
        }
        NodeKey victim = net.keys.get(0);
        byte[] zeros = new byte[NodeKey.SIGNATURE_BYTES];
        int floodPerSecond = 10 * 400; // ten times the default global budget, all aimed at node 1
        int seconds = 3;
        Set<MessageId> honest = new HashSet<>();
        Set<MessageId> forgeries = new HashSet<>();
        long envelope = 0;
        for (int tick = 0; tick < seconds * 100; tick++) {
            for (int i = 0; i < floodPerSecond / 100; i++) {
                GossipBody.Rumor forged = new GossipBody.Rumor(new MessageId(1_000_000L + envelope),
                        victim.peerId(), 0, new byte[] {1}, new OriginSignature(victim.publicKey(), zeros));
                forgeries.add(forged.id());
                send(attackers.get((int) (envelope % attackers.size())), net.contacts.get(1).address(), forged,
                        envelope++);
            }
            if (tick % 3 == 0) {
                honest.add(net.nodes.get(0).publish(new byte[] {(byte) tick}));
            }
            net.scheduler.runFor(Duration.ofMillis(10));
        }
        net.scheduler.runFor(Duration.ofSeconds(5));
        long expected = (long) honest.size() * (net.nodes.size() - 1);
        long got = net.delivered.stream().flatMap(List::stream).filter(m -> honest.contains(m.id())).count();
        GossipStats victimStats = net.nodes.get(1).stats();
        long checked = net.checkers.get(1).checked();
        // Budget over the run: 400 a second plus the burst of 800.
        long allowed = 400L * (seconds + 5) + 800;
        System.out.printf("forged-signature flood: %d forgeries, %d checked (allowed %d), %d over budget,"
                        + " honest rumors delivered %d of %d%n", envelope, checked, allowed,
                victimStats.rejected().getOrDefault(GossipRejection.SIGNATURE_BUDGET, 0L), got, expected);
        assertAll(() -> assertTrue(checked <= allowed, checked + " checks"),
                () -> assertTrue(victimStats.rejected().getOrDefault(GossipRejection.SIGNATURE_BUDGET, 0L) > 0),
                () -> assertTrue(got * 100 >= expected * 99, got + " of " + expected),
                () -> assertEquals(0, net.delivered.stream().flatMap(List::stream)
                        .filter(m -> forgeries.contains(m.id())).count(), "a forgery was delivered"));
    }
}
