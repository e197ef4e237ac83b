package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Who may enter the routing table, and who may leave it: a request's source is not proven, so a
 * sender enters only after answering a ping at that address, and a contact is evicted only when its
 * current address fails.
 */
class AdmissionTest {

    private static boolean knows(Cluster.Member m, PeerId id) {
        return m.node().knownPeers().stream().anyMatch(p -> p.id().equals(id));
    }

    @Test
    void aRequestFromAnAddressThatNeverAnswersNeverEntersTheTable() {
        Cluster c = new Cluster(21);
        Cluster.Member target = c.grow(3).get(0);
        RawPeer spoofer = RawPeer.silent(c.network.endpoint());
        PeerId claimed = PeerId.random(new SplittableRandom(1));
        spoofer.send(target.contact().address(), claimed, new KademliaCodec.Ping());
        c.runFor(Duration.ofMillis(50));
        assertFalse(knows(target, claimed), "not admitted before it answered");
        assertEquals(1, spoofer.repliesTo(KademliaOp.PING).size(), "the ping itself is answered");
        assertFalse(spoofer.received.stream().filter(m -> m.op() == KademliaOp.PING.request()).toList().isEmpty(),
                "the node pinged the sender back to check the address");
        c.runFor(Duration.ofSeconds(5));
        assertFalse(knows(target, claimed), "silence: never admitted");
        assertEquals(0, target.node().stats().evictions(), "nothing to evict: it never got in");
    }

    @Test
    void aSenderThatAnswersThePingIsAdmitted() {
        Cluster c = new Cluster(22);
        Cluster.Member target = c.grow(3).get(0);
        peerconnect.domain.NodeKey key = peerconnect.domain.NodeKey.forSimulation(2);
        PeerId id = key.peerId();
        RawPeer honest = RawPeer.keyed(c.network.endpoint(), key, 1); // answers PING only
        honest.send(target.contact().address(), id, new KademliaCodec.Ping());
        c.runFor(Duration.ofSeconds(1));
        assertTrue(target.node().knownPeers().contains(new PeerContact(id, honest.address())));
    }

    @Test
    void pendingAdmissionPingsAreBounded() {
        Cluster c = new Cluster(23, KademliaConfig.defaults().withQuotas(new KademliaQuotas(256, 3, 5, false, 4, 16)));
        Cluster.Member target = c.grow(2).get(0);
        SplittableRandom random = new SplittableRandom(3);
        List<RawPeer> spoofers = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> RawPeer.silent(c.network.endpoint())).toList();
        for (RawPeer s : spoofers) {
            s.send(target.contact().address(), PeerId.random(random), new KademliaCodec.Ping());
        }
        c.runFor(Duration.ofMillis(100));
        long pinged = spoofers.stream().filter(s -> s.received.stream()
                .anyMatch(m -> m.op() == KademliaOp.PING.request())).count();
        assertEquals(4, pinged, "at most 4 admission pings in flight");
        assertEquals(6, target.node().stats().admissionsSkipped());
    }

    @Test
    void aSpoofedRequestWithAKnownIdFromAnotherAddressNeitherMovesNorEvictsTheContact() {
        Cluster c = new Cluster(24);
        List<Cluster.Member> nodes = c.grow(3);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(1);
        RawPeer spoofer = RawPeer.silent(c.network.endpoint());

        spoofer.send(target.contact().address(), victim.contact().id(), new KademliaCodec.Ping()); // victim heard from just now
        c.runFor(Duration.ofSeconds(5));
        assertTrue(target.node().knownPeers().contains(victim.contact()), "kept at its own address");

        c.runFor(Duration.ofMinutes(3)); // no longer fresh: the known address is asked, and answers
        spoofer.send(target.contact().address(), victim.contact().id(), new KademliaCodec.Ping());
        c.runFor(Duration.ofSeconds(5));
        assertTrue(target.node().knownPeers().contains(victim.contact()), "a live contact keeps its place");
        assertFalse(target.node().knownPeers().contains(new PeerContact(victim.contact().id(), spoofer.address())));
        assertEquals(0, target.node().stats().evictions());
    }

    @Test
    void aContactThatMovedIsFollowedOnceItsOldAddressIsSilent() {
        Cluster c = new Cluster(25);
        List<Cluster.Member> nodes = c.grow(3);
        Cluster.Member target = nodes.get(0);
        Cluster.Member mover = nodes.get(1);
        mover.endpoint().close(); // its old address goes silent
        c.runFor(Duration.ofMinutes(3));
        // Its new record (a higher sequence than the one it signed at start) names the new address.
        RawPeer moved = RawPeer.keyed(c.network.endpoint(), c.keyOf(mover.contact().id()), Long.MAX_VALUE);
        moved.send(target.contact().address(), mover.contact().id(), new KademliaCodec.Ping());
        c.runFor(Duration.ofSeconds(10));
        assertTrue(target.node().knownPeers().contains(new PeerContact(mover.contact().id(), moved.address())),
                target.node().knownPeers().toString());
    }

    @Test
    void aFailedCallToAnotherAddressOfAKnownIdDoesNotEvictIt() {
        Cluster c = new Cluster(26);
        List<Cluster.Member> nodes = c.grow(3);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(1);
        RawPeer dead = RawPeer.silent(c.network.endpoint());
        // As if a liar's FIND_NODE reply had named the victim's id at an address that never answers.
        c.await(((KademliaServer) target.node()).protocol().ping(new PeerContact(victim.contact().id(), dead.address()))
                .handle((ok, failure) -> failure != null));
        assertTrue(target.node().knownPeers().contains(victim.contact()), "the victim's own address did not fail");
        assertEquals(0, target.node().stats().evictions());
    }
}
