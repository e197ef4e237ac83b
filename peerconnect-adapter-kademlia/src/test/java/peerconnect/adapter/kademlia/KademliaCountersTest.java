package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.PeerId;

/** A node reports its counters through {@link CounterSource}: every name, always, with the values of its stats. */
class KademliaCountersTest {

    /** The names the status command has always shown, in that order, with the attempts by operation. */
    private static List<String> expectedNames() {
        List<String> names = new ArrayList<>(List.of("routingTableSize", "storedValues", "peerListEntries",
                "requestsHandled", "rpcAttempts"));
        for (KademliaOp op : KademliaOp.values()) {
            names.add("rpcAttempts." + op.name());
        }
        names.addAll(List.of("rpcFailures", "lookups", "evictions", "missedCalls", "rechecks",
                "addressChanges", "rejected"));
        for (RejectReason r : RejectReason.values()) {
            names.add("rejected." + r.name());
        }
        names.add("storesRefused");
        names.add("admissionsSkipped");
        names.add("journalFailures");
        names.addAll(List.of("records.accepted", "records.known", "records.refused.STALE",
                "records.refused.CONFLICTING", "records.refused.BAD_SIGNATURE", "records.refused.OVER_BUDGET"));
        return names.stream().map(n -> "kademlia." + n).toList();
    }

    @Test
    void aFreshNodeReportsEveryNameWithZeros() {
        Cluster c = new Cluster(41);
        Map<String, Long> counters = CounterSink.collect(List.of(c.add("fresh").node()));
        assertEquals(expectedNames(), List.copyOf(counters.keySet()));
        assertTrue(counters.values().stream().allMatch(v -> v == 0), counters.toString());
    }

    @Test
    void theReportedValuesAreTheStatsAndTheLevelsAreGauges() {
        Cluster c = new Cluster(42);
        List<Cluster.Member> nodes = c.grow(25);
        Cluster.Member m = nodes.get(3);
        c.await(m.node().put(PeerId.random(new SplittableRandom(1)), new byte[] {1}));
        Map<String, Long> counters = new LinkedHashMap<>();
        Set<String> gauges = new java.util.HashSet<>();
        m.node().reportCounters(new CounterSink() {
            @Override
            public void counter(String name, long value) {
                counters.put(name, value);
            }

            @Override
            public void gauge(String name, long value) {
                gauges.add(name);
                counters.put(name, value);
            }
        });
        KademliaStats s = m.node().stats();
        assertEquals(Set.of("kademlia.routingTableSize", "kademlia.storedValues", "kademlia.peerListEntries"), gauges);
        assertEquals((long) s.routingTableSize(), counters.get("kademlia.routingTableSize"));
        assertEquals((long) s.storedValues(), counters.get("kademlia.storedValues"));
        assertEquals((long) s.peerListEntries(), counters.get("kademlia.peerListEntries"));
        assertEquals(s.requestsHandled(), counters.get("kademlia.requestsHandled"));
        assertEquals(s.rpcAttempts(), counters.get("kademlia.rpcAttempts"));
        long byOp = 0;
        for (KademliaOp op : KademliaOp.values()) {
            byOp += counters.get("kademlia.rpcAttempts." + op.name());
        }
        assertEquals(s.rpcAttempts(), byOp, "the attempts by operation add up to all attempts");
        assertTrue(counters.get("kademlia.rpcAttempts.STORE") > 0, "the put stored");
        assertEquals(s.rpcFailures(), counters.get("kademlia.rpcFailures"));
        assertEquals(s.lookups(), counters.get("kademlia.lookups"));
        assertEquals(s.evictions(), counters.get("kademlia.evictions"));
        assertEquals(s.totalRejected(), counters.get("kademlia.rejected"));
        for (RejectReason r : RejectReason.values()) {
            assertEquals(s.rejected().getOrDefault(r, 0L), counters.get("kademlia.rejected." + r.name()), r.name());
        }
        assertEquals(s.storesRefused(), counters.get("kademlia.storesRefused"));
        assertEquals(s.admissionsSkipped(), counters.get("kademlia.admissionsSkipped"));
        assertTrue(counters.get("kademlia.routingTableSize") >= 20 && counters.get("kademlia.lookups") > 0,
                counters.toString());
    }
}
