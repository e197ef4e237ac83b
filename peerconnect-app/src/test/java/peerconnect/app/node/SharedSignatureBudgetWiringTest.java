package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app wires one {@code SignatureChecker} per node into discovery as well as into Kademlia and
 * gossip: the node's {@code signatures.checked} counts the discovery replies it verified on top of the
 * records it accepted (with a budget of its own, discovery's checks would not show there).
 */
class SharedSignatureBudgetWiringTest {
    @TempDir
    Path dir;

    @Test
    void discoveryChecksAreCountedInTheNodesOneBudget() {
        try (InMemoryNodes nodes = new InMemoryNodes(5, dir)) {
            List<PeerNode> started = nodes.startMany("shared", 3);
            nodes.scheduler.runFor(Duration.ofSeconds(30));
            for (PeerNode n : started) {
                Map<String, Long> c = n.status().counters();
                long discovery = c.get("discovery.repliesAccepted") + c.get("discovery.announcementsUsed");
                long records = c.get("kademlia.records.accepted");
                long checked = c.get("signatures.checked");
                assertAll(n.self().name() + " " + c,
                        () -> assertTrue(discovery >= 1, "discovery verified someone"),
                        () -> assertTrue(checked >= records + discovery, checked + " < " + records + " + " + discovery));
            }
        }
    }
}
