package peerconnect.ports.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;

/**
 * A smoke test at the size simulations need: 10,000 endpoints, one multicast and one broadcast to
 * all of them, and a round of unicast replies. Checks counts, not speed (no wall-clock thresholds);
 * it runs in well under a second.
 */
class InMemoryNetworkScaleTest {

    private static final int NODES = 10_000;

    @Test
    void tenThousandEndpointsAllHearOneMulticastAndOneBroadcast() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(1, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(2)));
        NodeAddress group = NodeAddress.parse("239.255.0.1:4000");
        int[] received = new int[1];
        List<InMemoryEndpoint> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            InMemoryEndpoint e = network.endpoint();
            e.joinGroup(group);
            nodes.add(e);
        }
        InMemoryEndpoint announcer = nodes.get(0);
        for (InMemoryEndpoint e : nodes) {
            e.start((from, d) -> {
                received[0]++;
                if (d[0] == 0 && e != announcer) {
                    e.send(from, new byte[] {1}); // every node answers the announcement by unicast
                }
            });
        }

        announcer.send(group, new byte[] {0});
        scheduler.runUntilIdle();
        announcer.send(InMemoryNetwork.broadcastAddress(InMemoryNetwork.DEFAULT_PORT), new byte[] {2});
        scheduler.runUntilIdle();

        assertEquals(NODES, network.openEndpoints());
        assertEquals(NODES + (NODES - 1) + NODES, received[0]);
        assertEquals(1 + (NODES - 1) + 1, announcer.stats().delivered(), "own echo, the replies, own broadcast");
        assertEquals(new TrafficStats(2 + NODES - 1, 3L * NODES - 1, 0, 0, 0, 0), network.totals());
        assertEquals(NodeAddress.parse("198.18.39.16:4000"), nodes.get(NODES - 1).localAddress(), "host 10,000");
    }
}
