package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

/** Peer sampling between real gossip nodes on the virtual network: views, shuffles and the repair they carry. */
class PeerSamplingTest {
    private static final NetworkConditions LAN = NetworkConditions.perfect().withLatency(Duration.ofMillis(1),
            Duration.ZERO);

    @Test
    void aViewIsBoundedAndShufflingChangesItWhileNeverHoldingTheNodeItself() {
        SmallGossipNetwork net = new SmallGossipNetwork(30, GossipConfig.defaults(), LAN, 11);
        GossipNode node = net.nodes.get(0);
        List<PeerContact> first = node.view();
        assertEquals(ViewConfig.defaults().size(), first.size(), "filled from the directory at once");
        Set<PeerContact> seen = new HashSet<>(first);
        for (int s = 0; s < 10; s++) {
            net.scheduler.runFor(ViewConfig.defaults().shuffleInterval());
            List<PeerContact> now = node.view();
            assertEquals(ViewConfig.defaults().size(), now.size());
            assertFalse(now.contains(net.contacts.get(0)));
            seen.addAll(now);
        }
        assertNotEquals(first, node.view());
        assertTrue(seen.size() > 2 * first.size(), "shuffles brought in peers: " + seen.size());
        long shuffles = net.nodes.stream().mapToLong(n -> n.stats().shufflesSent()).sum();
        // 30 nodes, 10 s, one shuffle each a second, each answered.
        assertTrue(shuffles >= 2 * 30 * 9 && shuffles <= 2 * 30 * 11, "shuffles sent " + shuffles);
        assertEquals(0, net.nodes.stream().mapToLong(n -> n.stats().totalRejected()).sum());
    }

    @Test
    void aNodeNoPushReachesGetsTheRumorFromItsNextShuffleLongBeforeTheDigest() {
        // Anti-entropy every 10 minutes: only the shuffle can repair within the test.
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofMinutes(10), Duration.ofSeconds(30));
        SmallGossipNetwork net = new SmallGossipNetwork(12, config, LAN, 12);
        net.scheduler.runFor(Duration.ofSeconds(5));
        // Node 11 is cut off while the rumor is pushed, then heals.
        net.network.partition(Set.of(net.contacts.get(11).address()));
        net.nodes.get(0).publish(new byte[] {42});
        net.scheduler.runFor(Duration.ofMillis(50));
        assertTrue(net.delivered.get(11).isEmpty(), "push could not reach node 11");
        net.network.heal();
        net.scheduler.runFor(Duration.ofMillis(2_100));
        assertEquals(1, net.delivered.get(11).size(), "pulled after a shuffle told node 11 of the rumor");
        assertTrue(net.nodes.get(11).stats().pullRequestsSent() >= 1);
    }

    @Test
    void aShuffleReplyFromAPeerThisNodeDidNotShuffleWithIsRefused() {
        SmallGossipNetwork net = new SmallGossipNetwork(3, GossipConfig.defaults(), LAN, 13);
        InMemoryEndpoint stranger = net.network.endpoint();
        EnvelopeCodec codec = EnvelopeCodec.create();
        PeerId strangerId = PeerId.fromHex("ef".repeat(20));
        List<PeerContact> before = net.nodes.get(0).view();
        PeerContact planted = new PeerContact(PeerId.fromHex("99".repeat(20)), stranger.localAddress());
        stranger.send(net.contacts.get(0).address(), codec.encode(Message.request(RootCode.GOSSIP,
                GossipOp.SHUFFLE_REPLY.code(), new MessageId(1), strangerId,
                GossipCodec.encode(new GossipBody.Shuffle(List.of(ViewEntry.fresh(planted)), List.of(), true)))));
        net.scheduler.runFor(Duration.ofMillis(5));
        assertEquals(1L, net.nodes.get(0).stats().rejected().get(GossipRejection.UNSOLICITED_REPLY));
        assertFalse(net.nodes.get(0).view().contains(planted));
        assertEquals(before, net.nodes.get(0).view());
    }

    @Test
    void aShuffleIsAnsweredFromTheAddressItCameFromAndItsSenderJoinsTheView() {
        SmallGossipNetwork net = new SmallGossipNetwork(20, GossipConfig.defaults(), LAN, 14);
        InMemoryEndpoint newcomer = net.network.endpoint();
        EnvelopeCodec codec = EnvelopeCodec.create();
        List<Message> heard = new ArrayList<>();
        newcomer.start((from, datagram) -> heard.add(((DecodeResult.Decoded) codec.decode(datagram)).message()));
        PeerId newcomerId = PeerId.fromHex("ab".repeat(20));
        // As a real shuffle: shuffle length - 1 entries, the sender being the last.
        List<ViewEntry> offered = List.of(ViewEntry.fresh(net.contacts.get(5)), ViewEntry.fresh(net.contacts.get(6)),
                ViewEntry.fresh(net.contacts.get(7)));
        newcomer.send(net.contacts.get(0).address(), codec.encode(Message.request(RootCode.GOSSIP,
                GossipOp.SHUFFLE.code(), new MessageId(1), newcomerId,
                GossipCodec.encode(new GossipBody.Shuffle(offered, List.of(), false)))));
        net.scheduler.runFor(Duration.ofMillis(5));
        assertTrue(net.nodes.get(0).view().contains(new PeerContact(newcomerId, newcomer.localAddress())),
                "the newcomer is in a view though no routing table holds it");
        Message reply = heard.stream().filter(m -> m.op() == GossipOp.SHUFFLE_REPLY.code()).findFirst()
                .orElseThrow();
        GossipBody.Shuffle answer = (GossipBody.Shuffle) ((GossipCodec.Decoded) GossipCodec.decode(reply.op(),
                reply.bodyBuffer(), 0)).body();
        assertEquals(ViewConfig.defaults().shuffleLength(), answer.entries().size());
    }

    @Test
    void anUnverifiedSourceGetsNoLargerAShuffleReplyThanItsBudget() {
        SmallGossipNetwork net = new SmallGossipNetwork(20, GossipConfig.defaults(), LAN, 15);
        InMemoryEndpoint source = net.network.endpoint();
        EnvelopeCodec codec = EnvelopeCodec.create();
        List<byte[]> heard = new ArrayList<>();
        source.start((from, datagram) -> heard.add(datagram));
        byte[] request = codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SHUFFLE.code(), new MessageId(1),
                PeerId.fromHex("ac".repeat(20)), GossipCodec.encode(new GossipBody.Shuffle(List.of(), List.of(), false))));
        source.send(net.contacts.get(0).address(), request);
        net.scheduler.runFor(Duration.ofMillis(5));
        assertEquals(1, heard.size());
        assertTrue(heard.get(0).length <= 3 * request.length, heard.get(0).length + " bytes for " + request.length);
    }
}
