package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.CounterSink;

class GossipCountersTest {

    @Test
    void everyKeyIsReportedOnceInItsOrderZerosIncluded() {
        List<String> keys = new ArrayList<>();
        new GossipCounters().reportCounters((name, value) -> {
            keys.add(name);
            assertEquals(0, value, name);
        });
        List<String> expected = new ArrayList<>(List.of("gossip.published", "gossip.delivered",
                "gossip.duplicatesSuppressed", "gossip.datagramsSent", "gossip.searchesStarted",
                "gossip.searchResults", "gossip.rejected"));
        for (GossipRejection reason : GossipRejection.values()) {
            expected.add("gossip.rejected." + reason.name());
        }
        expected.add("gossip.sendFailures");
        expected.add("gossip.listenerFailures");
        assertEquals(expected, keys);
    }

    @Test
    void datagramsSentAndRejectedAreTheSumsOfTheirParts() {
        GossipCounters counters = new GossipCounters();
        count(counters, Count.PUSHED, 5);
        count(counters, Count.SEARCH_REPLIES_SENT, 1);
        count(counters, Count.DIGESTS_SENT, 2);
        count(counters, Count.PULL_REQUESTS_SENT, 3);
        count(counters, Count.PULLED_SENT, 4);
        count(counters, Count.SHUFFLES_SENT, 6);
        count(counters, Count.PUBLISHED, 7);
        counters.rejected(GossipRejection.TRUNCATED);
        counters.rejected(GossipRejection.TRUNCATED);
        counters.rejected(GossipRejection.SEEN_FULL);
        Map<String, Long> reported = CounterSink.collect(List.of(counters));
        assertEquals(21L, reported.get("gossip.datagramsSent"));
        assertEquals(7L, reported.get("gossip.published"));
        assertEquals(3L, reported.get("gossip.rejected"));
        assertEquals(2L, reported.get("gossip.rejected.TRUNCATED"));
        assertEquals(1L, reported.get("gossip.rejected.SEEN_FULL"));
        assertEquals(0L, reported.get("gossip.rejected.BAD_TEXT"));
    }

    @Test
    void theSnapshotCarriesEveryCounterAndOnlyTheReasonsSeen() {
        GossipCounters counters = new GossipCounters();
        Count[] all = Count.values();
        for (int i = 0; i < all.length; i++) {
            count(counters, all[i], i + 1); // a different value per counter, so a swapped field shows
        }
        counters.rejected(GossipRejection.BAD_TEXT);
        GossipStats s = counters.snapshot(100, 200);
        assertEquals(new GossipStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, Map.of(GossipRejection.BAD_TEXT, 1L), 100, 200,
                12, 13, 14), s);
        assertEquals(4 + 7 + 9 + 10 + 11 + 14, s.datagramsSent());
        assertEquals(List.copyOf(reportedFrom(s).entrySet()), List.copyOf(CounterSink.collect(List.of(counters)).entrySet()),
                "the report and the snapshot agree, key by key and in order");
    }

    /** The keys of a node's counters as the app's status built them from a stats record, key by key. */
    static Map<String, Long> reportedFrom(GossipStats g) {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("gossip.published", g.published());
        c.put("gossip.delivered", g.delivered());
        c.put("gossip.duplicatesSuppressed", g.duplicatesSuppressed());
        c.put("gossip.datagramsSent", g.datagramsSent());
        c.put("gossip.searchesStarted", g.searchesStarted());
        c.put("gossip.searchResults", g.searchResults());
        c.put("gossip.rejected", g.totalRejected());
        for (GossipRejection reason : GossipRejection.values()) {
            c.put("gossip.rejected." + reason.name(), g.rejected().getOrDefault(reason, 0L));
        }
        c.put("gossip.sendFailures", g.sendFailures());
        c.put("gossip.listenerFailures", g.listenerFailures());
        return c;
    }

    private static void count(GossipCounters counters, Count event, int times) {
        for (int i = 0; i < times; i++) {
            counters.add(event);
        }
    }
}
