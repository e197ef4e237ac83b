package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.InvalidLifetimeException;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * A library user's put with a lifetime: the value is found while it lives and gone from every node
 * once its lifetime is up; a lifetime outside the rule is refused at once with a typed error.
 */
class PutLifetimeTest {

    @Test
    void aValuePutForNinetySecondsIsFoundThenGoneAndABadLifetimeIsRefused() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(7, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        SplittableRandom random = new SplittableRandom(7);
        List<PeerConnectNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                PeerConnectBuilder b = PeerConnect.builder().name("n" + i).discovery(Discovery.OFF)
                        .inMemory(network, random.split());
                if (i > 0) {
                    b.peers(NodeAddress.parse("198.18.0.1:" + InMemoryNetwork.DEFAULT_PORT));
                }
                nodes.add(b.start());
            }
            scheduler.runFor(Duration.ofSeconds(30));
            byte[] value = {1, 2, 3};
            assertEquals(3, await(scheduler, nodes.get(1).put("short-lived", value, Duration.ofSeconds(90))));
            assertArrayEquals(value, await(scheduler, nodes.get(3).get("short-lived")).orElseThrow());
            scheduler.runFor(Duration.ofMinutes(3));
            for (PeerConnectNode n : nodes) {
                assertEquals(Optional.empty(), await(scheduler, n.get("short-lived")).map(v -> "found"),
                        "expired everywhere, asked at " + n.self());
            }
            InvalidLifetimeException e = assertThrows(InvalidLifetimeException.class,
                    () -> nodes.get(1).put("k", value, Duration.ofMillis(10)));
            assertEquals("a lifetime is whole seconds from 1s to 365d (or forever), got 0.01s", e.getMessage());
        } finally {
            nodes.forEach(PeerConnectNode::close);
        }
    }

    private static <T> T await(VirtualTimeScheduler scheduler, CompletableFuture<T> f) {
        for (int i = 0; i < 600 && !f.isDone(); i++) {
            scheduler.runFor(Duration.ofMillis(100));
        }
        return f.join();
    }
}
