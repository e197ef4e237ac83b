package peerconnect.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.ports.memory.InMemoryEndpoint;

/** The node's dispatcher applies the default rate limits; status shows what they dropped. */
class NodeRateLimitTest {
    @TempDir
    Path dir;

    @Test
    void aFloodFromOneSourceIsHeldToItsBurstAndCountedAsRateLimited() {
        try (InMemoryNodes nodes = new InMemoryNodes(17, dir)) {
            PeerNode node = nodes.start(nodes.settings("target", false, List.of()));
            nodes.run(Duration.ofMillis(100));
            InMemoryEndpoint flooder = nodes.network.endpoint();
            long burst = RateLimiterSettings.defaults().perAddress().burst();
            int flood = (int) burst + 5_000;
            DispatcherStats before = node.status().dispatcher();
            for (int i = 0; i < flood; i++) {
                flooder.send(node.self().contact().address(), new byte[] {1, 2}); // junk: too short to decode
            }
            nodes.run(Duration.ofMillis(100));
            DispatcherStats after = node.status().dispatcher();
            long limited = after.dropped(DropReason.RATE_LIMITED) - before.dropped(DropReason.RATE_LIMITED);
            long decoded = after.dropped(DropReason.TRUNCATED) - before.dropped(DropReason.TRUNCATED);
            assertEquals(flood, limited + decoded, "every flooded datagram counted once: " + after);
            // All sent within the network's 1-2 ms latency: the burst plus at most ~10 refilled tokens.
            assertTrue(decoded >= burst && decoded <= burst + 50, decoded + " decoded");
            assertTrue(limited >= flood - burst - 50, limited + " rate-limited");
        }
    }
}
