package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.DropReason;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.RateLimit;
import peerconnect.domain.RateLimiterSettings;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.testkit.core.TestRandom;

/** The node's dispatcher applies the rate limits of its settings (before the seal, with a key); status shows what they dropped. */
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

    @Test
    void theLimitsOfTheSettingsApplyAndOffLimitsNothing() {
        try (InMemoryNodes nodes = new InMemoryNodes(18, dir)) {
            RateLimiterSettings tight = RateLimiterSettings.defaults().withPerAddress(new RateLimit(100, 200));
            PeerNode limited = nodes.start(nodes.settings("limited", false, List.of()).withRateLimits(tight));
            RateLimiterSettings off = RateLimiterSettings.defaults().withPerAddress(RateLimit.unlimited())
                    .withPerPrefix(RateLimit.unlimited()).withGlobal(RateLimit.unlimited());
            PeerNode open = nodes.start(nodes.settings("open", false, List.of()).withRateLimits(off));
            nodes.run(Duration.ofMillis(100));
            InMemoryEndpoint flooder = nodes.network.endpoint();
            int flood = 1_000;
            for (int i = 0; i < flood; i++) {
                flooder.send(limited.self().contact().address(), new byte[] {1, 2});
                flooder.send(open.self().contact().address(), new byte[] {1, 2});
            }
            nodes.run(Duration.ofMillis(100));
            DispatcherStats l = limited.status().dispatcher();
            DispatcherStats o = open.status().dispatcher();
            assertTrue(l.dropped(DropReason.TRUNCATED) >= 200 && l.dropped(DropReason.TRUNCATED) <= 210,
                    "the burst of 200 and a few refilled: " + l);
            assertEquals(flood, l.dropped(DropReason.TRUNCATED) + l.dropped(DropReason.RATE_LIMITED));
            assertEquals(flood, o.dropped(DropReason.TRUNCATED), "nothing limited: " + o);
            assertEquals(0, o.dropped(DropReason.RATE_LIMITED));
        }
    }

    /**
     * With a network key the limit runs before the seal is opened, and a reply the node awaits gets
     * through although a flooder in the same /24 keeps the prefix's bucket empty (every in-memory
     * address is in 198.18.0.0/24).
     */
    @Test
    void withANetworkKeyAFloodIsRefusedUnopenedAndAwaitedRepliesStillArrive() throws Exception {
        NetworkKey key = NetworkKey.generate(TestRandom.secure(3));
        RateLimiterSettings prefixOnly = RateLimiterSettings.defaults().withPerAddress(RateLimit.unlimited())
                .withPerPrefix(new RateLimit(1, 200)).withGlobal(RateLimit.unlimited());
        try (InMemoryNodes nodes = new InMemoryNodes(19, dir)) {
            PeerNode target = nodes.start(nodes.settings("target", false, List.of()).withNetworkKey(key)
                    .withRateLimits(prefixOnly));
            PeerNode peer = nodes.start(nodes.settings("peer", false, List.of()).withNetworkKey(key));
            nodes.run(Duration.ofMillis(100));
            InMemoryEndpoint flooder = nodes.network.endpoint();
            SplittableRandom random = new SplittableRandom(5);
            CompletableFuture<Boolean> joined = null;
            int flood = 0;
            // The flood never pauses: ten datagrams every virtual millisecond, for half a second.
            for (int round = 0; round < 500; round++) {
                for (int i = 0; i < 10; i++) {
                    byte[] garbage = new byte[80];
                    random.nextBytes(garbage);
                    garbage[0] = DatagramSeal.MAGIC;
                    flooder.send(target.self().contact().address(), garbage);
                    flood++;
                }
                if (round == 100) {
                    joined = target.dht().bootstrap(List.of(peer.self().contact().address()));
                }
                nodes.run(Duration.ofMillis(1));
            }
            assertTrue(joined.isDone() && joined.get(), "the awaited replies of the peer got through the flood");
            nodes.run(Duration.ofMillis(10)); // the last datagrams land
            Map<String, Long> c = target.status().counters();
            long rejected = c.get("seal.rejectedBadTag") + c.get("seal.rejectedBadLength")
                    + c.get("seal.rejectedWrongMagic");
            // A burst of 200, then 1/s: about 200 garbage datagrams tried against the key.
            assertTrue(rejected <= 210, rejected + " opened in vain: " + c);
            assertTrue(c.get("seal.rateLimited") >= flood - 210, "refused unopened: " + c);
            assertEquals(c.get("seal.rateLimited"), target.status().dispatcher().dropped(DropReason.RATE_LIMITED));
        }
    }
}
