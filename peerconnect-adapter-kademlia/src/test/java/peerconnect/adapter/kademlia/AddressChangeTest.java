package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.memory.InMemoryEndpoint;

/**
 * Address changes are accepted when proven: a contact whose known address falls silent and that
 * answers from a new one is followed within a couple of seconds, while a contact that still answers
 * at its known address is never taken over by another address using its id.
 */
class AddressChangeTest {

    private static boolean knowsAt(Cluster.Member m, PeerContact c) {
        return m.node().knownPeers().contains(c);
    }

    private static long addressChanges(Cluster.Member m) {
        long[] n = {0};
        m.node().reportCounters((name, value) -> {
            if (name.equals("kademlia.addressChanges")) {
                n[0] = value;
            }
        });
        return n[0];
    }

    @Test
    void aPeerKilledAndRestartedOnANewPortIsFollowedWithinTwoSeconds() {
        Cluster c = new Cluster(31);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(3);
        assertTrue(knowsAt(target, victim.contact()));
        victim.node().saveState(); // as the periodic snapshot does
        c.runFor(Duration.ofSeconds(1));
        // SIGKILL: no goodbye.
        victim.dispatcher().closeNow();
        victim.endpoint().close();
        InMemoryEndpoint fresh = c.network.endpoint();
        Cluster.Member restarted = c.add(victim.contact().id(), fresh, victim.store(), "restarted");
        c.await(restarted.node().start()); // pings its saved contacts from the new port
        c.runFor(Duration.ofSeconds(2));
        PeerContact moved = new PeerContact(victim.contact().id(), fresh.localAddress());
        assertTrue(knowsAt(target, moved), "followed to its new port: " + target.node().knownPeers());
        assertFalse(knowsAt(target, victim.contact()), "the dead port is gone");
        assertEquals(1, addressChanges(target));
        assertEquals(0, target.node().stats().evictions(), "moved, not evicted");
    }

    @Test
    void aNewAddressThatAnswersInTheNameOfALiveContactDoesNotTakeItOver() {
        Cluster c = new Cluster(32);
        List<Cluster.Member> nodes = c.grow(4);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(2);
        PeerId victimId = victim.contact().id();
        // An impostor answering every PING with the victim's id, as a liar on the LAN could.
        RawPeer impostor = new RawPeer(c.network.endpoint(), victimId, m -> new byte[0]);
        // As discovery does with an announcement: the node bootstraps from the new address.
        c.await(target.node().bootstrap(List.of(impostor.address())));
        impostor.send(target.contact().address(), victimId, new KademliaCodec.Ping());
        c.runFor(Duration.ofSeconds(10));
        assertTrue(knowsAt(target, victim.contact()), "the live contact keeps its address");
        assertFalse(knowsAt(target, new PeerContact(victimId, impostor.address())));
        assertEquals(0, addressChanges(target));
    }

    @Test
    void aRestartedPeersProvenAnnouncementMovesItAtANodeItNeverContactedOnceTheOldPortIsSilent() {
        Cluster c = new Cluster(33);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(3);
        assertTrue(knowsAt(target, victim.contact()));
        victim.dispatcher().closeNow();
        victim.endpoint().close();
        // The restarted node has not started its DHT: only its (verified) announcement reaches the target.
        PeerContact moved = new PeerContact(victim.contact().id(), c.network.endpoint().localAddress());
        target.node().followProven(moved);
        assertTrue(knowsAt(target, victim.contact()), "the old address is asked first");
        c.runFor(Duration.ofSeconds(2));
        assertTrue(knowsAt(target, moved), "followed once the old port was silent: " + target.node().knownPeers());
        assertFalse(knowsAt(target, victim.contact()));
        assertEquals(1, addressChanges(target));
    }

    @Test
    void aProvenContactOfALiveIdAtAnotherAddressDoesNotTakeItOverAndOnlyAProvenAnswerAdmitsAStranger() {
        Cluster c = new Cluster(34);
        List<Cluster.Member> nodes = c.grow(4);
        Cluster.Member target = nodes.get(0);
        Cluster.Member live = nodes.get(2);
        PeerContact elsewhere = new PeerContact(live.contact().id(), c.network.endpoint().localAddress());
        target.node().followProven(elsewhere);
        target.node().admitProven(elsewhere);
        c.runFor(Duration.ofSeconds(5));
        assertTrue(knowsAt(target, live.contact()), "the live contact keeps its address");
        assertFalse(knowsAt(target, elsewhere));
        assertEquals(0, addressChanges(target));
        PeerContact stranger = new PeerContact(PeerId.random(new java.util.SplittableRandom(35)),
                c.network.endpoint().localAddress());
        target.node().followProven(stranger);
        assertFalse(knowsAt(target, stranger), "an announcement alone admits no stranger");
        target.node().admitProven(stranger);
        assertTrue(knowsAt(target, stranger), "a proven answer needs no ping to enter");
    }
}
