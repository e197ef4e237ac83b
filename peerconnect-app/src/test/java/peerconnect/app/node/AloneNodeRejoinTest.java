package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.app.api.Discovery;
import peerconnect.app.api.PeerConnect;
import peerconnect.app.api.PeerConnectNode;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * A node with multicast off whose given peer is down when it starts never sits idle: it keeps asking
 * on the empty-table schedule and joins within one backoff step of the peer coming up (a node used to
 * wait about 46 s, its saved and given peers tried in the first round only).
 */
class AloneNodeRejoinTest {

    @Test
    void aLoneNodeWithMulticastOffJoinsSoonAfterItsGivenPeerComesUp() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(7, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        SplittableRandom random = new SplittableRandom(7);
        NodeAddress second = NodeAddress.parse("198.18.0.2:" + InMemoryNetwork.DEFAULT_PORT);
        try (PeerConnectNode alone = PeerConnect.builder().name("alone").discovery(Discovery.OFF)
                .inMemory(network, random.split()).peers(second).start()) {
            scheduler.runFor(Duration.ofSeconds(10));
            assertTrue(alone.peers().isEmpty(), "nobody there yet");
            try (PeerConnectNode late = PeerConnect.builder().name("late").discovery(Discovery.OFF)
                    .inMemory(network, random.split()).start()) {
                assertTrue(late.self().contact().address().equals(second), "the address the first was given");
                long up = scheduler.clock().millis();
                long joinedAfter = -1;
                for (int step = 0; step < 600 && joinedAfter < 0; step++) {
                    scheduler.runFor(Duration.ofMillis(50));
                    if (!alone.peers().isEmpty()) {
                        joinedAfter = scheduler.clock().millis() - up;
                    }
                }
                System.out.printf("alone node with multicast off joined %d ms after its given peer came up"
                        + " (10 s after its own start)%n", joinedAfter);
                assertTrue(joinedAfter >= 0 && joinedAfter <= 8_000,
                        "joined within one backoff step (the next rescue is due 16 s after start): " + joinedAfter);
            }
        }
    }
}
