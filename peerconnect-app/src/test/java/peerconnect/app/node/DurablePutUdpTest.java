package peerconnect.app.node;

import peerconnect.app.store.FileNodeStateStore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * Durable puts over UDP loopback with the real file store: five nodes; a burst of puts from one node
 * and to it from the others; the node is killed (its transport and dispatcher close, nothing is saved)
 * and restarted on the same directory; every value it acknowledged, published or held, is still
 * there. Also prints what a durable put costs: the put latency with the file store against the same
 * run with an in-memory store (no disk, as puts were before they were journaled).
 */
class DurablePutUdpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PUTS = 100;

    @TempDir
    Path dir;

    private static RealUdpCluster.Member kill(RealUdpCluster.Member m) {
        m.transport().close();
        m.dispatcher().closeNow();
        return m;
    }

    private static List<RealUdpCluster.Member> grow(RealUdpCluster cluster, int n, java.util.function.IntFunction<NodeStateStore> stores) {
        List<RealUdpCluster.Member> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealUdpCluster.Member m = cluster.add("node-" + i, peerconnect.domain.NodeKey.forSimulation(100 + i),
                    stores.apply(i), null, null);
            if (i > 0) {
                assertTrue(cluster.joinThroughEarlier(m), "join of " + i);
            }
            nodes.add(m);
        }
        return nodes;
    }

    /** Sequential puts from node 0; the median and 99th percentile latency in microseconds, and puts a second. */
    private static long[] measure(List<RealUdpCluster.Member> nodes) {
        long[] micros = new long[PUTS];
        long t0 = System.nanoTime();
        for (int i = 0; i < PUTS; i++) {
            long start = System.nanoTime();
            PutOutcome o = RealUdpCluster.await(nodes.get(0).dht().publish(PutRequest.of(
                    PeerId.random(new java.util.SplittableRandom(i)), ("v" + i).getBytes())), "put " + i);
            micros[i] = (System.nanoTime() - start) / 1000;
            assertEquals(o.asked(), o.stored(), o.describe());
        }
        long elapsed = System.nanoTime() - t0;
        Arrays.sort(micros);
        return new long[] {micros[PUTS / 2], micros[PUTS * 99 / 100], PUTS * 1_000_000_000L / elapsed};
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledNodeRestartsWithEveryValueItAcknowledgedAndPutsCostLittleMore() {
        long[] memory;
        try (RealUdpCluster cluster = new RealUdpCluster("durable-mem", LOOPBACK, 11)) {
            memory = measure(grow(cluster, 5, i -> new InMemoryNodeStateStore()));
        }
        long[] file;
        Map<PeerId, byte[]> acknowledged = new LinkedHashMap<>();
        try (RealUdpCluster cluster = new RealUdpCluster("durable-file", LOOPBACK, 12)) {
            List<RealUdpCluster.Member> nodes = grow(cluster, 5, i -> new FileNodeStateStore(dir.resolve("node-" + i)));
            file = measure(nodes);
            RealUdpCluster.Member victim = nodes.get(2);
            List<CompletableFuture<PutOutcome>> burst = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                PeerId key = PeerId.random(new java.util.SplittableRandom(10_000 + i));
                byte[] value = ("burst " + i).getBytes();
                RealUdpCluster.Member from = i % 2 == 0 ? victim : nodes.get(i % 5 == 2 ? 0 : i % 5);
                burst.add(from.dht().publish(PutRequest.of(key, value)));
                acknowledged.put(key, value);
            }
            for (int i = 0; i < burst.size(); i++) {
                PutOutcome o = RealUdpCluster.await(burst.get(i), "burst put " + i);
                assertTrue(o.stored() >= 4, o.describe());
            }
            long heldBefore = victim.dht().stats().storedValues();
            kill(victim);
            RealUdpCluster.Member back = cluster.add("back", victim.key(), new FileNodeStateStore(dir.resolve("node-2")),
                    null, null);
            assertTrue(back.dht().stats().storedValues() >= heldBefore,
                    back.dht().stats().storedValues() + " held after the kill, " + heldBefore + " before");
            for (Map.Entry<PeerId, byte[]> e : acknowledged.entrySet()) {
                // The restarted node answers from what it holds: it was among the k closest of every key.
                assertArrayEquals(e.getValue(), RealUdpCluster.await(back.dht().get(e.getKey()), "get").orElseThrow(),
                        e.getKey().shortHex());
            }
            back.close();
        }
        System.out.printf("DurablePutUdpTest: %d sequential puts on 5 loopback nodes: in-memory store median %d us,"
                        + " p99 %d us, %d puts/s; file store (journaled, fsync per put) median %d us, p99 %d us,"
                        + " %d puts/s; %d acknowledged values survived a kill%n", PUTS, memory[0], memory[1],
                memory[2], file[0], file[1], file[2], acknowledged.size());
    }
}
