package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import peerconnect.ports.PutOutcome;

/**
 * Only a value's source may delete it: a deletion (STORE with TTL 0) from another address is refused
 * with status 05, counted at the holder ({@code NOT_SOURCE}) and at the sender, and shown to the
 * sender; the source's own deletion still drops it everywhere.
 */
class DeletionBySourceTest {

    private static KademliaServer server(Cluster.Member m) {
        return (KademliaServer) m.node();
    }

    @Test
    void aDeletionFromAnotherSourceIsRefusedCountedAndToldAndTheSourcesOwnDeletionWorks() {
        Cluster c = new Cluster(93);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member source = nodes.get(1);
        Cluster.Member other = nodes.get(4);
        PeerId key = PeerId.random(c.random);
        c.await(source.node().put(key, new byte[] {7, 7}));

        PutOutcome refused = c.await(other.node().delete(key));
        assertEquals(5, refused.asked(), refused.describe());
        assertEquals(5, refused.refusedNotSource(), "every holder refused: " + refused.describe());
        assertTrue(refused.atPeers().contains("5 refused: not the source"), refused.atPeers());
        assertEquals(5, other.node().stats().storesRefused(), "the sender counts the refusals");
        long counted = nodes.stream().mapToLong(m -> m.node().stats().rejected()
                .getOrDefault(RejectReason.NOT_SOURCE, 0L)).sum();
        assertEquals(5, counted, "each holder counts its refusal");
        for (Cluster.Member m : nodes) {
            assertTrue(server(m).heldKeys().containsKey(key), "still held at " + m.contact());
        }
        assertArrayEquals(new byte[] {7, 7}, c.await(nodes.get(3).node().get(key)).orElseThrow());

        PutOutcome dropped = c.await(source.node().delete(key));
        assertEquals(PutOutcome.allStored(5), dropped, dropped.describe());
        for (Cluster.Member m : nodes) {
            assertFalse(server(m).heldKeys().containsKey(key), "still held at " + m.contact());
        }
        assertEquals(Optional.empty(), c.await(nodes.get(3).node().get(key)));
    }

    @Test
    void aDeletionOfAKeyNobodyHoldsIsAcknowledged() {
        Cluster c = new Cluster(94);
        List<Cluster.Member> nodes = c.grow(4);
        PutOutcome o = c.await(nodes.get(2).node().delete(PeerId.random(c.random)));
        assertEquals(PutOutcome.allStored(3), o, o.describe());
    }

    @Test
    void aValueWhosePublisherIsGoneExpiresAtEveryHolderAfterItsTtl() {
        Cluster c = new Cluster(95);
        List<Cluster.Member> nodes = c.grow(5);
        Cluster.Member publisher = nodes.get(2);
        PeerId key = PeerId.random(c.random);
        c.await(publisher.node().put(key, new byte[] {9}));
        publisher.dispatcher().closeNow();
        publisher.endpoint().close();
        c.runFor(Duration.ofMinutes(55));
        for (Cluster.Member m : nodes) {
            if (m != publisher) {
                assertTrue(server(m).heldKeys().containsKey(key), "held within its TTL at " + m.contact());
            }
        }
        c.runFor(Duration.ofMinutes(7));
        for (Cluster.Member m : nodes) {
            if (m != publisher) {
                assertFalse(server(m).heldKeys().containsKey(key), "nobody republished it, yet held at "
                        + m.contact());
            }
        }
        assertEquals(Optional.empty(), c.await(nodes.get(0).node().get(key)));
    }
}
