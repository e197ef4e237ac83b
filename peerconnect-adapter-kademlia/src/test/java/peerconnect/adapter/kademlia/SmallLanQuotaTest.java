package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;
import peerconnect.ports.memory.InMemoryEndpoint;

/**
 * On a LAN of five, every node holds every value: each publisher puts more than the old fixed quota
 * of 256, one node is killed and restarted half-way, and still every put and every republish is
 * stored at all four peers, none refused.
 */
class SmallLanQuotaTest {
    private static final int PUTS_PER_NODE = 400;

    @Test
    void fivePublishersOfFourHundredValuesEachAreNeverRefused() {
        Cluster c = new Cluster(71);
        List<Cluster.Member> nodes = new ArrayList<>(c.grow(5));
        List<CompletableFuture<PutOutcome>> puts = new ArrayList<>();
        for (int round = 0; round < PUTS_PER_NODE; round++) {
            if (round == PUTS_PER_NODE / 2) {
                Cluster.Member victim = nodes.get(3);
                victim.dispatcher().closeNow();
                victim.endpoint().close();
                InMemoryEndpoint again = c.network.endpoint(victim.contact().address());
                Cluster.Member back = c.add(victim.contact().id(), again, victim.store(), "back");
                c.await(back.node().start());
                nodes.set(3, back);
            }
            for (Cluster.Member m : nodes) {
                puts.add(m.node().publish(PutRequest.of(PeerId.random(c.random), new byte[] {(byte) round})));
            }
            c.runFor(Duration.ofMillis(50));
        }
        int refused = 0;
        int stored = 0;
        for (CompletableFuture<PutOutcome> p : puts) {
            PutOutcome o = c.await(p);
            refused += o.refusedQuota() + o.refusedFull();
            stored += o.stored();
        }
        assertEquals(0, refused, "refused stores from honest publishers");
        assertTrue(stored >= puts.size() * 4 - 40, stored + " stores for " + puts.size() + " puts (a few lost to the kill)");
        // Through a whole republish interval as well.
        c.runFor(Duration.ofMinutes(21));
        long refusedAnywhere = 0;
        for (Cluster.Member m : nodes) {
            refusedAnywhere += m.node().stats().storesRefused();
            assertEquals(5L * PUTS_PER_NODE, m.node().stats().storedValues(), "held at " + m.contact());
        }
        assertEquals(0, refusedAnywhere, "no republish refused either");
    }
}
