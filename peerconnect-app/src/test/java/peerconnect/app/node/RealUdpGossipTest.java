package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipStats;
import peerconnect.app.node.RealUdpCluster.Member;
import peerconnect.domain.MessageId;
import peerconnect.ports.PeerRecord;

/**
 * "20 nodes on real UDP loopback endpoints: a rumor reaches all of them; a search finds its
 * peer": the gossip adapter over the UDP adapter, learning its peers from each node's own Kademlia
 * node through the {@link peerconnect.ports.PeerDirectory} port, as the app binds them.
 */
class RealUdpGossipTest {
    private static final int NODES = 20;
    private static final int[] PUBLISHERS = {0, 7, 19};
    private static final int NAMED = 11;
    private static final String UNIQUE_NAME = "Quiet Otter";
    /** Longer than the default 2 s: a search's answers arrive in milliseconds on loopback, but the host may be busy. */
    private static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(3);

    private RealUdpCluster cluster;

    @AfterEach
    void closeEverything() {
        if (cluster != null) {
            cluster.closeAndCheckThreads();
        }
    }

    @Test
    void rumorsReachEveryNodeExactlyOnceAndASearchFindsItsPeer() throws UnknownHostException, InterruptedException {
        cluster = new RealUdpCluster("realudp-gossip", InetAddress.getByName("127.0.0.1"), 5_2026);
        long t0 = System.nanoTime();
        List<Member> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            Member m = cluster.add(i == NAMED ? UNIQUE_NAME : "node-" + i, GossipConfig.defaults(), null);
            if (i > 0) {
                assertTrue(cluster.joinThroughEarlier(m), m.name() + " could not join");
            }
            nodes.add(m);
        }
        long joined = System.nanoTime();
        int smallestDirectory = nodes.stream().mapToInt(m -> m.dht().knownPeers().size()).min().orElseThrow();
        assertTrue(smallestDirectory > 0, "a node's DHT knows no peer, so its gossip has nobody to talk to");

        // Per node, how many times each message id reached its subscriber.
        List<Map<MessageId, AtomicInteger>> deliveries = new ArrayList<>();
        CountDownLatch firstDeliveries = new CountDownLatch(PUBLISHERS.length * (NODES - 1));
        AtomicLong lastDelivery = new AtomicLong();
        for (Member m : nodes) {
            Map<MessageId, AtomicInteger> mine = new ConcurrentHashMap<>();
            deliveries.add(mine);
            m.gossip().subscribe(message -> {
                if (mine.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet() == 1) {
                    lastDelivery.accumulateAndGet(System.nanoTime(), Math::max);
                    firstDeliveries.countDown();
                }
            });
        }
        long publishedAt = System.nanoTime();
        List<MessageId> ids = new ArrayList<>();
        for (int p : PUBLISHERS) {
            ids.add(nodes.get(p).gossip().publish(("rumor from node " + p).getBytes(StandardCharsets.UTF_8)));
        }
        assertTrue(firstDeliveries.await(RealUdpCluster.WAIT.toSeconds(), TimeUnit.SECONDS),
                "rumors not delivered everywhere within " + RealUdpCluster.WAIT + ": " + firstDeliveries.getCount()
                        + " (node, rumor) deliveries missing");
        long spread = lastDelivery.get() - publishedAt;

        Member searcher = nodes.get(3);
        Member named = nodes.get(NAMED);
        List<PeerRecord> asTheyCame = new CopyOnWriteArrayList<>();
        List<PeerRecord> found = RealUdpCluster.await(
                searcher.gossip().search("otter", SEARCH_TIMEOUT, asTheyCame::add), "gossip search");
        assertEquals(1, found.size(), "peers found for 'otter': " + found);
        assertEquals(named.id(), found.get(0).contact().id());
        assertEquals(UNIQUE_NAME, found.get(0).name());
        assertEquals(named.transport().localAddress(), found.get(0).contact().address());
        assertEquals(found, asTheyCame, "results passed to the callback");

        // Checked after the search's 3 s, so that late copies (forwarded again, or pulled by
        // anti-entropy) had time to arrive and be suppressed — or wrongly delivered again.
        for (int i = 0; i < NODES; i++) {
            Map<MessageId, AtomicInteger> mine = deliveries.get(i);
            for (int j = 0; j < PUBLISHERS.length; j++) {
                int expected = PUBLISHERS[j] == i ? 0 : 1;
                AtomicInteger count = mine.get(ids.get(j));
                assertEquals(expected, count == null ? 0 : count.get(),
                        "deliveries of rumor " + j + " (from node " + PUBLISHERS[j] + ") at node " + i);
            }
            assertEquals(PUBLISHERS.length - (contains(PUBLISHERS, i) ? 1 : 0), mine.size(),
                    "messages delivered at node " + i);
        }

        long sent = 0;
        long duplicates = 0;
        long pulls = 0;
        for (Member m : nodes) {
            GossipStats s = m.gossip().stats();
            sent += s.datagramsSent();
            duplicates += s.duplicatesSuppressed();
            pulls += s.pullRequestsSent();
            assertEquals(0, s.totalRejected(), "datagrams rejected at " + m.name() + ": " + s.rejected());
        }
        System.out.printf("RealUdpGossipTest: %d nodes joined in %d ms (smallest DHT directory %d peers);"
                        + " %d rumors reached all %d other nodes exactly once, last delivery %.1f ms after publishing;"
                        + " gossip datagrams %d (%.1f per node per rumor incl. digests and the search),"
                        + " duplicates suppressed %d, pull requests %d; search found %s; total %d ms%n",
                NODES, (joined - t0) / 1_000_000, smallestDirectory, PUBLISHERS.length, NODES - 1, spread / 1e6, sent,
                (double) sent / NODES / PUBLISHERS.length, duplicates, pulls, found, (System.nanoTime() - t0) / 1_000_000);
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }
}
