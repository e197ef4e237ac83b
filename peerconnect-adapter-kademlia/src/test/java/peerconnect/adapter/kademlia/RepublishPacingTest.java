package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/**
 * Five nodes put 200 values each within ten seconds; through the next 23 minutes (one republish
 * interval) the requests handled network-wide are sampled every second. Republishing is spread: the
 * busiest second carries a small part of the interval's republish traffic, not all of it.
 */
class RepublishPacingTest {

    @Test
    void republishTrafficIsSpreadOverTheTick() {
        Cluster c = new Cluster(81);
        List<Cluster.Member> nodes = c.grow(5);
        List<CompletableFuture<Integer>> puts = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (Cluster.Member m : nodes) {
                puts.add(m.node().put(PeerId.random(c.random), new byte[] {(byte) round}));
            }
            c.runFor(Duration.ofMillis(50));
        }
        puts.forEach(c::await);
        long last = handled(nodes);
        long most = 0;
        long total = 0;
        for (int second = 0; second < 23 * 60; second++) {
            c.runFor(Duration.ofSeconds(1));
            long now = handled(nodes);
            most = Math.max(most, now - last);
            total += now - last;
            last = now;
        }
        System.out.printf("RepublishPacingTest: 1,000 values on 5 nodes, 23 minutes: %d requests handled,"
                + " busiest second %d%n", total, most);
        assertTrue(total > 5_000, "the values were republished: " + total + " requests");
        assertTrue(most * 20 < total, "busiest second " + most + " of " + total);
    }

    private static long handled(List<Cluster.Member> nodes) {
        return nodes.stream().mapToLong(m -> m.node().stats().requestsHandled()).sum();
    }
}
