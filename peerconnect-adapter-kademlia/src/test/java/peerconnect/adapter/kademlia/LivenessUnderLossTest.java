package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.ContactState;
import peerconnect.ports.ContactStatus;
import peerconnect.ports.memory.NetworkConditions;

/**
 * Contact liveness on a lossy in-memory LAN: a live peer is never evicted under 10 % loss (every
 * eviction is counted, and every peer is alive, so every eviction would be a live one), while a dead
 * peer is evicted within a bounded time of its first missed call.
 */
class LivenessUnderLossTest {

    private static List<PeerContact> evictionsOf(List<Cluster.Member> nodes) {
        List<PeerContact> evicted = new ArrayList<>();
        for (Cluster.Member m : nodes) {
            m.node().onEviction(evicted::add);
        }
        return evicted;
    }

    @Test
    void noLivePeerIsEvictedUnderTenPercentLoss() {
        Cluster c = new Cluster(151);
        List<Cluster.Member> nodes = c.grow(24);
        List<PeerContact> evicted = evictionsOf(nodes);
        c.network.setConditions(NetworkConditions.perfect().withLatency(Duration.ofMillis(30), Duration.ofMillis(20))
                .withLoss(0.10).withDuplication(0.01));
        long missed = 0;
        // Ten minutes of lookups, one from every node every 5 s: about 2,900 lookups, tens of thousands of calls.
        for (int round = 0; round < 120; round++) {
            for (Cluster.Member m : nodes) {
                m.node().lookup(PeerId.random(c.random));
            }
            c.runFor(Duration.ofSeconds(5));
        }
        long calls = 0;
        for (Cluster.Member m : nodes) {
            missed += m.node().stats().rpcFailures();
            calls += m.node().stats().rpcAttempts();
        }
        System.out.printf("liveness under 10%% loss: %d nodes, %d attempts, %d failed calls, %d evictions%n",
                nodes.size(), calls, missed, evicted.size());
        assertTrue(missed > 100, "the loss must make calls fail, or the test proves nothing: " + missed);
        assertEquals(List.of(), evicted, "live peers evicted");
        for (Cluster.Member m : nodes) {
            assertEquals(nodes.size() - 1, m.node().knownPeers().size(), m.node().self().name() + " lost a peer");
        }
    }

    @Test
    void aDeadPeerIsEvictedWithinThirtySecondsOfItsFirstMissedCall() {
        Cluster c = new Cluster(152);
        List<Cluster.Member> nodes = c.grow(12);
        c.network.setConditions(NetworkConditions.perfect().withLatency(Duration.ofMillis(30), Duration.ofMillis(20))
                .withLoss(0.10));
        Cluster.Member dead = nodes.get(7);
        Cluster.Member asker = nodes.get(0);
        List<PeerContact> evicted = evictionsOf(List.of(asker));
        dead.dispatcher().closeNow();
        dead.endpoint().close();
        c.await(asker.node().lookup(dead.contact().id()));
        ContactStatus afterMiss = asker.node().contactStatus().stream()
                .filter(s -> s.contact().equals(dead.contact())).findFirst().orElseThrow();
        assertTrue(afterMiss.failures() >= 1, "the lookup's call missed: " + afterMiss);
        assertFalse(afterMiss.state() == ContactState.GOOD, "a missed call makes it questionable or bad");
        c.runFor(Duration.ofSeconds(30));
        assertEquals(List.of(dead.contact()), evicted, "the dead peer, and only it");
        assertFalse(asker.node().knownPeers().contains(dead.contact()));
    }

    @Test
    void theStatusListingShowsGoodContactsWithTheirRoundTrip() {
        Cluster c = new Cluster(153);
        List<Cluster.Member> nodes = c.grow(5);
        c.await(nodes.get(0).node().lookup(PeerId.random(c.random)));
        List<ContactStatus> status = nodes.get(0).node().contactStatus();
        assertEquals(4, status.size());
        for (ContactStatus s : status) {
            assertEquals(ContactState.GOOD, s.state(), s.toString());
            assertTrue(s.rtt().isPresent(), "measured: " + s);
            assertTrue(s.srtt().toMillis() <= 10, "a 1-2 ms virtual LAN: " + s);
        }
    }
}
