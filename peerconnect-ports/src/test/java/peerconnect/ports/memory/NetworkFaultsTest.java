package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;

/**
 * Loss, duplication, reordering and determinism. Statistical checks use a fixed seed, so they are
 * exact repeatable runs; their bounds are still wide (about 5 standard deviations) so that a
 * different but correct generator or draw order would pass too.
 */
class NetworkFaultsTest {

    private static final int DATAGRAMS = 20_000;

    @Test
    void lossRateIsNearTheConfiguredProbability() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(7, scheduler, NetworkConditions.perfect().withLoss(0.2));
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = network.endpoint();
        b.start((from, d) -> { });
        for (int i = 0; i < DATAGRAMS; i++) {
            a.send(b.localAddress(), new byte[] {1});
        }
        scheduler.runUntilIdle();

        double lossRate = (double) a.stats().lostToLoss() / DATAGRAMS;
        // sd = sqrt(0.2 * 0.8 / 20000) = 0.0028
        assertEquals(0.2, lossRate, 0.015, "loss rate " + lossRate);
        assertEquals(DATAGRAMS, b.stats().delivered() + a.stats().lostToLoss());
    }

    @Test
    void duplicationRateIsNearTheConfiguredProbabilityAndDuplicatesAreDelivered() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(8, scheduler,
                NetworkConditions.perfect().withDuplication(0.1).withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = network.endpoint();
        int[] perValue = new int[DATAGRAMS];
        b.start((from, d) -> perValue[(d[0] & 0xff) << 8 | (d[1] & 0xff)]++);
        for (int i = 0; i < DATAGRAMS; i++) {
            a.send(b.localAddress(), new byte[] {(byte) (i >> 8), (byte) i});
        }
        scheduler.runUntilIdle();

        long duplicated = a.stats().duplicated();
        // sd = sqrt(0.1 * 0.9 / 20000) = 0.0021
        assertEquals(0.1, (double) duplicated / DATAGRAMS, 0.011);
        assertEquals(DATAGRAMS + duplicated, b.stats().delivered());
        long twice = 0;
        for (int n : perValue) {
            assertTrue(n == 1 || n == 2, "a datagram arrives once or, duplicated, twice");
            twice += n == 2 ? 1 : 0;
        }
        assertEquals(duplicated, twice);
    }

    @Test
    void jitterReordersDatagramsSentCloseTogether() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(9, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(4)));
        InMemoryEndpoint a = network.endpoint();
        InMemoryEndpoint b = network.endpoint();
        List<Integer> arrivals = new ArrayList<>();
        b.start((from, d) -> arrivals.add(d[0] & 0xff));
        for (int i = 0; i < 200; i++) {
            int n = i;
            // One every 0.1 ms: much closer together than the 4 ms jitter.
            scheduler.schedule(Duration.ofNanos(100_000L * i), () -> a.send(b.localAddress(), new byte[] {(byte) n}));
        }
        scheduler.runUntilIdle();

        assertEquals(200, arrivals.size());
        int inversions = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            inversions += arrivals.get(i) < arrivals.get(i - 1) ? 1 : 0;
        }
        assertTrue(inversions > 20, "only " + inversions + " out-of-order arrivals");
        assertEquals(199 * 200 / 2, arrivals.stream().mapToInt(Integer::intValue).sum(), "none lost, none invented");
    }

    @Test
    void theSameSeedAndCallsGiveTheSameRun() {
        NetworkConditions lossy = new NetworkConditions(0.15, Duration.ofMillis(1), Duration.ofMillis(3), 0.05);
        Run first = chatter(1234, lossy);
        Run second = chatter(1234, lossy);

        assertTrue(first.log.size() > 500, "the scenario delivers plenty: " + first.log.size());
        assertEquals(first.log, second.log);
        assertEquals(first.totals, second.totals);
    }

    @Test
    void differentSeedsGiveDifferentRunsWhenThereIsLossOrJitter() {
        NetworkConditions lossy = new NetworkConditions(0.15, Duration.ofMillis(1), Duration.ofMillis(3), 0.05);
        assertNotEquals(chatter(1, lossy).log, chatter(2, lossy).log);
        NetworkConditions jittery = NetworkConditions.perfect().withLatency(Duration.ZERO, Duration.ofMillis(3));
        assertNotEquals(chatter(1, jittery).log, chatter(2, jittery).log);
    }

    @Test
    void withoutLossOrJitterTheSeedDoesNotMatter() {
        NetworkConditions steady = NetworkConditions.perfect().withLatency(Duration.ofMillis(2), Duration.ZERO);
        assertEquals(chatter(1, steady).log, chatter(2, steady).log);
    }

    private record Run(List<String> log, TrafficStats totals) { }

    /**
     * Twenty endpoints in a multicast group exchanging unicasts, multicasts and replies sent from
     * inside receivers, with a partition and a heal in the middle. The traffic pattern comes from its
     * own fixed generator, so only the network's seed differs between runs.
     */
    private static Run chatter(long networkSeed, NetworkConditions conditions) {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(networkSeed, scheduler, conditions);
        DeliveryLog log = new DeliveryLog(scheduler);
        NodeAddress group = NodeAddress.parse("239.1.1.1:4000");
        List<InMemoryEndpoint> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            InMemoryEndpoint e = network.endpoint();
            e.joinGroup(group);
            nodes.add(e);
        }
        for (InMemoryEndpoint e : nodes) {
            var logging = log.receiverFor(e);
            e.start((from, d) -> {
                logging.onDatagram(from, d);
                if (d[0] == 0) { // a request: answer it once
                    e.send(from, new byte[] {1, d[1]});
                }
            });
        }
        SplittableRandom traffic = new SplittableRandom(99);
        for (int i = 0; i < 400; i++) {
            InMemoryEndpoint from = nodes.get(traffic.nextInt(nodes.size()));
            NodeAddress to = traffic.nextInt(10) == 0 ? group : nodes.get(traffic.nextInt(nodes.size())).localAddress();
            byte tag = (byte) i;
            scheduler.schedule(Duration.ofNanos(traffic.nextLong(50_000_000L)), () -> from.send(to, new byte[] {0, tag}));
        }
        scheduler.schedule(Duration.ofMillis(20), () -> network.partition(
                nodes.subList(0, 10).stream().map(InMemoryEndpoint::localAddress).toList()));
        scheduler.schedule(Duration.ofMillis(35), network::heal);
        scheduler.runUntilIdle();
        return new Run(log.lines(), network.totals());
    }
}
