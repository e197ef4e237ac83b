package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** The peers snapshot of the public API shows each peer's name and liveness: state word, last heard, round trip. */
class PeerStatusTest {

    @Test
    void joinedPeersAreGoodWithAMeasuredRoundTrip() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(5, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(2), Duration.ofMillis(1)));
        SplittableRandom random = new SplittableRandom(5);
        List<PeerConnectNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                PeerConnectBuilder b = PeerConnect.builder().name("n" + i).discovery(Discovery.OFF)
                        .inMemory(network, random.split());
                if (i > 0) {
                    b.peers(NodeAddress.parse("198.18.0.1:" + InMemoryNetwork.DEFAULT_PORT));
                }
                nodes.add(b.start());
            }
            scheduler.runFor(Duration.ofSeconds(30));
            List<PeerStatus> status = nodes.get(0).peerStatus();
            assertEquals(2, status.size(), status.toString());
            for (PeerStatus s : status) {
                assertEquals("good", s.state(), s.toString());
                assertTrue(s.rtt().isPresent(), "measured: " + s);
                assertTrue(s.sinceHeard().compareTo(Duration.ofSeconds(30)) <= 0, s.toString());
            }
            assertEquals(nodes.get(0).peers(), status.stream().map(PeerStatus::peer).toList(), "the same peers");
            // Each peer shows the name its verified record gives it.
            assertEquals(java.util.Set.of("n1", "n2"), status.stream().map(s -> s.peer().verifiedName().orElseThrow())
                    .collect(java.util.stream.Collectors.toSet()));
        } finally {
            nodes.forEach(PeerConnectNode::close);
        }
    }
}
