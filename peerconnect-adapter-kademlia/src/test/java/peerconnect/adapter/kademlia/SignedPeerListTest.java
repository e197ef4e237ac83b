package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.domain.CounterSink;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.ports.PeerRecord;

/**
 * An attacker on the in-memory network tries to replace a real peer's peer-list record, so that a
 * search for its name would return a made-up address: by rewriting the peer's signed record, by
 * replaying an older one, by signing one with its own key under the peer's name, and in the old
 * unsigned layout. Searches still return the real address, and the counters say why.
 */
class SignedPeerListTest {
    private static final NodeKey ATTACKER = NodeKey.forSimulation(-9);

    private static Map<String, Long> counters(Cluster.Member m) {
        return CounterSink.collect(List.of(m.node()));
    }

    @Test
    void aPeerListRecordCannotBeReplacedFromAnotherSource() {
        Cluster c = new Cluster(41);
        List<Cluster.Member> nodes = c.grow(12);
        c.runFor(Duration.ofMinutes(11));
        Cluster.Member victim = nodes.get(3);
        PeerId listKey = PeerLists.listKeyFor(victim.contact().id());
        List<PeerRecord> before = c.await(nodes.get(0).node().findPeerList(listKey));
        assertTrue(before.contains(victim.node().self()), before.toString());

        RawPeer attacker = RawPeer.silent(c.network.endpoint());
        NodeAddress evil = attacker.address();
        NodeRecord real = victim.node() instanceof KademliaServer s ? s.ownRecord().orElseThrow() : null;
        // 1. Her record with the attacker's address and a higher sequence, her old signature.
        NodeRecord rewritten = new NodeRecord(real.name(), List.of(evil), real.sequence() + 1, real.publicKey(),
                real.signature());
        // 2. A record the attacker signs itself, under her name: it is about the attacker's own id.
        NodeRecord ownKey = NodeRecord.sign(ATTACKER, real.name(), List.of(evil), Long.MAX_VALUE);
        for (Cluster.Member holder : nodes) {
            attacker.send(holder.contact().address(), ATTACKER.peerId(),
                    new KademliaCodec.StorePeerInList(listKey, rewritten));
            attacker.send(holder.contact().address(), ATTACKER.peerId(),
                    new KademliaCodec.StorePeerInList(listKey, ownKey));
        }
        // 3. Her record in the old unsigned layout (contact and name), with the attacker's address.
        byte[] unsigned = HexFormat.of().parseHex(listKey.toHex() + "04" + victim.contact().id().toHex()
                + HexFormat.of().formatHex(evil.ip().getAddress()) + String.format("%04x", evil.port()) + "01" + "76");
        EnvelopeCodec codec = EnvelopeCodec.create();
        for (Cluster.Member holder : nodes) {
            c.network.endpoint().send(holder.contact().address(), codec.encode(Message.request(RootCode.KADEMLIA,
                    KademliaOp.STORE_PEERS_IN_LIST.request(), new MessageId(77), ATTACKER.peerId(), unsigned)));
        }
        c.runFor(Duration.ofSeconds(5));

        for (Cluster.Member searcher : List.of(nodes.get(0), nodes.get(7), nodes.get(11))) {
            List<PeerRecord> found = c.await(searcher.node().searchPeers(real.name()));
            List<NodeAddress> victimAddresses = found.stream()
                    .filter(r -> r.contact().id().equals(victim.contact().id())).map(r -> r.contact().address())
                    .toList();
            assertEquals(List.of(victim.contact().address()), victimAddresses, "search from " + searcher.contact());
        }
        long badSignatures = nodes.stream().mapToLong(m -> counters(m).get("kademlia.records.refused.BAD_SIGNATURE")).sum();
        long unsignedRefused = nodes.stream().mapToLong(m -> m.node().stats().rejected()
                .getOrDefault(RejectReason.UNSIGNED_RECORD, 0L)).sum();
        assertAll(() -> assertEquals(nodes.size(), badSignatures, "every node refused the rewritten record"),
                () -> assertEquals(nodes.size(), unsignedRefused, "every node refused the unsigned record"));
    }

    @Test
    void anOlderRecordOfAPeerIsRefusedAsStaleAndAKnownOneCostsNoCheck() {
        Cluster c = new Cluster(42);
        List<Cluster.Member> nodes = c.grow(3);
        Cluster.Member holder = nodes.get(0);
        c.runFor(Duration.ofSeconds(5)); // the nodes' own registrations, right after joining, are done
        Map<String, Long> before = counters(holder);
        RawPeer sender = RawPeer.silent(c.network.endpoint());
        NodeKey alice = NodeKey.forSimulation(4242);
        PeerId listKey = PeerLists.keys().get(0);
        NodeRecord newer = NodeRecord.sign(alice, "alice", List.of(NodeAddress.parse("10.0.0.9:4000")), 20);
        NodeRecord older = NodeRecord.sign(alice, "alice", List.of(NodeAddress.parse("10.0.0.66:4000")), 10);
        for (int i = 0; i < 5; i++) {
            sender.send(holder.contact().address(), alice.peerId(), new KademliaCodec.StorePeerInList(listKey, newer));
            c.runFor(Duration.ofMillis(50));
        }
        sender.send(holder.contact().address(), alice.peerId(), new KademliaCodec.StorePeerInList(listKey, older));
        c.runFor(Duration.ofSeconds(1));
        Map<String, Long> n = counters(holder);
        assertAll(() -> assertEquals(1L, n.get("kademlia.records.accepted") - before.get("kademlia.records.accepted")),
                () -> assertEquals(4L, n.get("kademlia.records.known") - before.get("kademlia.records.known"),
                        "the same record again: no signature check"),
                () -> assertEquals(1L, n.get("kademlia.records.refused.STALE") - before.get("kademlia.records.refused.STALE")));
        List<PeerRecord> list = c.await(nodes.get(1).node().findPeerList(listKey));
        assertTrue(list.stream().anyMatch(r -> r.contact().address().equals(NodeAddress.parse("10.0.0.9:4000"))),
                list.toString());
        assertTrue(list.stream().noneMatch(r -> r.contact().address().equals(NodeAddress.parse("10.0.0.66:4000"))),
                list.toString());
    }
}
