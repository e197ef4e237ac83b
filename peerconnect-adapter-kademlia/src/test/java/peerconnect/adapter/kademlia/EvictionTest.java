package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * The eviction policy of section 2.2 with liveness states, on live nodes, with k = 2 so one bucket
 * fills at once: a newcomer to a full bucket is verified and waits as a live replacement, and the node
 * pings its least recently seen contact; that contact is evicted (and the newcomer promoted) only once
 * it has missed calls enough to be bad.
 */
class EvictionTest {
    private static PeerId id(String firstByte) {
        return PeerId.fromHex(firstByte + "1".repeat(38));
    }

    private Cluster.Member start(Cluster c, String firstByte) {
        Cluster.Member m = c.add(id(firstByte), c.network.endpoint(), new InMemoryNodeStateStore(), firstByte);
        c.await(m.node().start());
        return m;
    }

    private static Set<PeerId> known(Cluster.Member m) {
        return m.node().knownPeers().stream().map(PeerContact::id).collect(Collectors.toSet());
    }

    @Test
    void aLiveLeastRecentlySeenContactKeepsItsPlace() {
        Cluster c = new Cluster(1, KademliaConfig.defaults().withK(2));
        Cluster.Member self = start(c, "00");
        Cluster.Member oldest = start(c, "80"); // all three share no prefix bit with 00…: bucket 0
        Cluster.Member second = start(c, "81");
        Cluster.Member newcomer = start(c, "82");
        c.await(oldest.node().bootstrap(List.of(self.contact().address())));
        c.await(second.node().bootstrap(List.of(self.contact().address())));
        // At 1 min self registers in its peer list, talking to both; 40 s later neither is fresh.
        c.runFor(Duration.ofSeconds(100));
        long rpcs = self.node().stats().rpcAttempts();

        c.await(newcomer.node().bootstrap(List.of(self.contact().address())));
        c.runFor(Duration.ofSeconds(5));
        assertEquals(Set.of(oldest.contact().id(), second.contact().id()), known(self), "the newcomer waits");
        assertEquals(0, self.node().stats().evictions());
        // The oldest answers and moves to the tail; the newcomer's next request may then ping the other.
        assertTrue(self.node().stats().rpcAttempts() > rpcs, "the least recently seen was pinged");
    }

    @Test
    void aDeadLeastRecentlySeenContactMakesRoomForTheNewcomer() {
        Cluster c = new Cluster(2, KademliaConfig.defaults().withK(2));
        Cluster.Member self = start(c, "00");
        Cluster.Member oldest = start(c, "80");
        Cluster.Member second = start(c, "81");
        Cluster.Member newcomer = start(c, "82");
        c.await(oldest.node().bootstrap(List.of(self.contact().address())));
        c.await(second.node().bootstrap(List.of(self.contact().address())));
        c.runFor(Duration.ofMinutes(1));
        oldest.dispatcher().closeNow();
        oldest.endpoint().close();
        c.runFor(Duration.ofSeconds(40));
        long rpcs = self.node().stats().rpcAttempts();

        c.await(newcomer.node().bootstrap(List.of(self.contact().address())));
        // Three missed calls: the ping (0.75 s), and rechecks of four attempts (3.75 s) 1 s and 2 s after.
        c.runFor(Duration.ofSeconds(15));
        assertEquals(Set.of(second.contact().id(), newcomer.contact().id()), known(self));
        assertEquals(1, self.node().stats().evictions());
        assertTrue(self.node().stats().rpcAttempts() >= rpcs + 2, "a ping and its retry");
    }

    @Test
    void bucketsAreRefreshedWhenNoLookupTouchedThemForAnHour() {
        Cluster c = new Cluster(3);
        List<Cluster.Member> nodes = c.grow(20);
        Cluster.Member quiet = nodes.get(5);
        long before = quiet.node().stats().lookups();
        c.runFor(Duration.ofMinutes(59));
        long stillQuiet = quiet.node().stats().lookups();
        c.runFor(Duration.ofMinutes(3));
        long after = quiet.node().stats().lookups();
        assertTrue(after > stillQuiet, "refresh lookups after an hour: " + before + " " + stillQuiet + " " + after);
    }
}
