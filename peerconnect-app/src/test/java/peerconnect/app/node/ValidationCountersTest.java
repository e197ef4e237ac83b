package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.gossip.GossipRejection;
import peerconnect.adapter.kademlia.RejectReason;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;

/** A node's status shows each rejected body under its reason, and every reason, in the counters. */
class ValidationCountersTest {
    @TempDir
    Path dir;

    @Test
    void rejectionsAreCountedUnderTheirReasonInStatus() {
        try (InMemoryNodes nodes = new InMemoryNodes(23, dir)) {
            PeerNode node = nodes.start(nodes.settings("target", false, List.of()));
            nodes.run(Duration.ofMillis(100));
            InMemoryEndpoint attacker = nodes.network.endpoint();
            PeerId attackerId = PeerId.fromHex("ab".repeat(20));
            EnvelopeCodec codec = EnvelopeCodec.create();
            // A Kademlia FIND_NODE with 2 of its 20 id bytes, and a gossip rumor cut short likewise.
            attacker.send(node.self().contact().address(), codec.encode(Message.request(RootCode.KADEMLIA, (byte) 0x03,
                    new MessageId(1), attackerId, new byte[] {1, 2})));
            attacker.send(node.self().contact().address(), codec.encode(Message.request(RootCode.GOSSIP, (byte) 0x09,
                    new MessageId(2), attackerId, new byte[] {1, 2})));
            nodes.run(Duration.ofMillis(100));

            Map<String, Long> c = node.status().counters();
            assertEquals(1L, c.get("kademlia.rejected.TRUNCATED"));
            assertEquals(1L, c.get("kademlia.rejected"));
            assertEquals(1L, c.get("gossip.rejected.TRUNCATED"));
            for (RejectReason reason : RejectReason.values()) {
                assertEquals(reason == RejectReason.TRUNCATED ? 1L : 0L, c.get("kademlia.rejected." + reason), reason.name());
            }
            for (GossipRejection reason : GossipRejection.values()) {
                assertEquals(reason == GossipRejection.TRUNCATED ? 1L : 0L, c.get("gossip.rejected." + reason), reason.name());
            }
        }
    }
}
