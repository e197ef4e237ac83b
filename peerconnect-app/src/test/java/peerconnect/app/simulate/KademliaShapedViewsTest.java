package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** The sorted-range construction against a brute-force count of every bucket. */
class KademliaShapedViewsTest {

    @Test
    void eachBucketHoldsMinOfKAndItsPopulationAndNeverTheNodeItself() {
        SplittableRandom random = new SplittableRandom(99);
        List<PeerContact> contacts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            contacts.add(new PeerContact(PeerId.random(random), NodeAddress.parse("198.18.0.1:" + (1000 + i))));
        }
        int k = 8;
        List<List<PeerContact>> views = KademliaShapedViews.build(contacts, k, random);
        assertEquals(contacts.size(), views.size());
        for (int node = 0; node < contacts.size(); node++) {
            PeerId own = contacts.get(node).id();
            List<PeerContact> view = views.get(node);
            assertFalse(view.contains(contacts.get(node)), "a view never holds its own node");
            assertEquals(view.size(), new HashSet<>(view).size(), "no peer twice");
            int[] population = new int[PeerId.BITS];
            for (PeerContact c : contacts) {
                if (!c.id().equals(own)) {
                    population[own.commonPrefixLength(c.id())]++;
                }
            }
            int[] held = new int[PeerId.BITS];
            for (PeerContact c : view) {
                held[own.commonPrefixLength(c.id())]++;
            }
            for (int b = 0; b < PeerId.BITS; b++) {
                assertEquals(Math.min(k, population[b]), held[b], "node " + node + " bucket " + b);
            }
        }
        assertTrue(views.stream().mapToInt(List::size).min().orElse(0) >= k, "every node knows at least k peers");
    }
}
