package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;

/**
 * What a join costs on the in-memory network, counted by operation over every node (the joiner's own
 * requests and the admission pings it causes elsewhere), and that the upkeep a join defers still runs
 * for hours of virtual time.
 */
class JoinBudgetTest {
    private static final int NODES = 200;
    // Deferred refreshes drain one per tick; 60 nodes have fewer than 12 buckets farther than the closest.
    private static final int TICKS_TO_DRAIN = 12;

    private static Map<String, Long> attemptsByOp(List<Cluster.Member> members) {
        Map<String, Long> out = new TreeMap<>();
        for (Cluster.Member m : members) {
            m.node().reportCounters((name, value) -> {
                if (name.startsWith("kademlia.rpcAttempts.")) {
                    out.merge(name.substring("kademlia.rpcAttempts.".length()), value, Long::sum);
                }
            });
        }
        return out;
    }

    private static double perNode(Map<String, Long> byOp, String op) {
        return (double) byOp.getOrDefault(op, 0L) / NODES;
    }

    @Test
    void aJoinStaysWithinItsRpcBudgetIncludingTheWorkItDefers() {
        Cluster c = new Cluster(16);
        List<Cluster.Member> nodes = c.grow(NODES);
        // The deferred part: one empty-bucket refresh per one-minute tick, the peer list at the first.
        c.runFor(Duration.ofMinutes(10));
        Map<String, Long> byOp = attemptsByOp(nodes);
        double total = byOp.values().stream().mapToLong(Long::longValue).sum() / (double) NODES;
        String figures = "per join " + total + ", by type " + byOp;
        System.out.println("join RPCs at " + NODES + " nodes: " + figures);
        // Refreshing every bucket farther than the closest neighbour at once cost about 260 here; only
        // the buckets the own-id lookup did not prove empty, with narrow lookups, about 60; filling
        // those by one answer each, registering at 3 peers and no pings into half-full far buckets, 48.
        assertTrue(total <= 52, figures);
        assertTrue(perNode(byOp, "FIND_NODE") <= 28, figures);
        assertTrue(perNode(byOp, "PING") <= 22, figures);
        assertTrue(perNode(byOp, "STORE_PEERS_IN_LIST") <= Publisher.PEER_LIST_REPLICAS, figures);
    }

    @Test
    void aJoinLeavesOnlyItsEmptyBucketsForLaterAndRefreshesOnePerTick() {
        Cluster c = new Cluster(17);
        List<Cluster.Member> nodes = c.grow(60);
        Cluster.Member last = nodes.get(nodes.size() - 1);
        KademliaServer server = (KademliaServer) last.node();
        List<Integer> left = server.pendingJoinRefreshes();
        long lookupsBefore = last.node().stats().lookups();
        c.runFor(Duration.ofSeconds(61));
        long afterOneTick = last.node().stats().lookups();
        // The first tick also registers in the peer list: one lookup of its key.
        assertTrue(afterOneTick - lookupsBefore <= 2, "one refresh and one registration at most per tick: "
                + lookupsBefore + " -> " + afterOneTick + ", left " + left);
        c.runFor(Duration.ofMinutes(TICKS_TO_DRAIN));
        assertEquals(List.of(), server.pendingJoinRefreshes(), "every deferred refresh ran or was not needed");
    }

    @Test
    void refreshRepublishAndLookupsStayCorrectOverHoursAfterACheapJoin() {
        Cluster c = new Cluster(18);
        List<Cluster.Member> nodes = c.grow(80);
        Cluster.Member quiet = nodes.get(40);
        // Values live an hour where they are stored: only the 20-minute republish keeps this one for three.
        peerconnect.domain.PeerId key = peerconnect.domain.PeerId.random(c.random);
        c.await(nodes.get(10).node().put(key, new byte[] {42}));
        long start = quiet.node().stats().lookups();
        c.runFor(Duration.ofHours(3));
        long later = quiet.node().stats().lookups();
        assertTrue(later - start >= 3, "a bucket refresh at least every hour: " + start + " -> " + later);
        assertArrayEquals(new byte[] {42}, c.await(nodes.get(50).node().get(key)).orElseThrow(),
                "republished for three hours");
        for (int i = 0; i < 20; i++) {
            PeerContact target = nodes.get((i * 7 + 3) % nodes.size()).contact();
            Cluster.Member from = nodes.get((i * 11 + 5) % nodes.size());
            if (from.contact().equals(target)) {
                continue;
            }
            assertEquals(target, c.await(from.node().lookup(target.id())).orElseThrow(), "lookup " + i);
        }
    }
}
