package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.testkit.core.TestRandom;

/** Nodes of the real composition with network keys on the in-memory network: one key, one network. */
class NetworkKeyNodesTest {
    @TempDir
    Path dir;

    @Test
    void nodesWithTheSameKeyMergeAndNodesWithAnotherKeyOrNoneStayOut() throws Exception {
        NetworkKey a = NetworkKey.generate(TestRandom.secure(1));
        NetworkKey b = NetworkKey.generate(TestRandom.secure(2));
        try (InMemoryNodes nodes = new InMemoryNodes(21, dir)) {
            List<PeerNode> keyed = List.of(
                    nodes.start(nodes.settings("a-0", true, List.of()).withNetworkKey(a)),
                    nodes.start(nodes.settings("a-1", true, List.of()).withNetworkKey(a)),
                    nodes.start(nodes.settings("a-2", true, List.of()).withNetworkKey(a)));
            PeerNode otherKey = nodes.start(nodes.settings("b-0", true, List.of()).withNetworkKey(b));
            PeerNode noKey = nodes.start(nodes.settings("plain", true, List.of()));
            nodes.run(Duration.ofSeconds(30));

            Set<PeerId> keyedIds = keyed.stream().map(n -> n.self().contact().id()).collect(Collectors.toSet());
            for (PeerNode node : keyed) {
                Set<PeerId> known = ids(node.dht().knownPeers());
                Set<PeerId> others = keyedIds.stream().filter(id -> !id.equals(node.self().contact().id()))
                        .collect(Collectors.toSet());
                assertEquals(others, known, node.self().name() + " knows exactly the nodes with its key");
                Map<String, Long> c = node.status().counters();
                assertTrue(c.get("seal.opened") > 0, c.toString());
                assertTrue(c.get("seal.rejectedBadTag") > 0, "heard b-0's announcements and refused them: " + c);
                assertTrue(c.get("seal.rejectedWrongMagic") > 0, "heard the plain node's and refused them: " + c);
                assertTrue(c.containsKey("memory.sent"), "the in-memory counters are still reported: " + c);
            }
            assertTrue(otherKey.dht().knownPeers().isEmpty(), "b-0 learned no one");
            assertFalse(otherKey.dht().isBootstrapped());
            assertTrue(otherKey.status().counters().get("seal.rejectedBadTag") > 0, "b-0 refused the a-nodes' datagrams");
            assertTrue(noKey.dht().knownPeers().isEmpty(), "the plain node learned no one");
            assertFalse(noKey.status().counters().containsKey("seal.opened"), "no seal without a key");
        }
    }

    private static Set<PeerId> ids(List<PeerContact> contacts) {
        return contacts.stream().map(PeerContact::id).collect(Collectors.toSet());
    }
}
