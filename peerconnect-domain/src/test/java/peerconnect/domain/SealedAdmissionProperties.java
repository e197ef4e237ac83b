package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.Stateful;

class SealedAdmissionProperties {
    /** Three sources in one /24 (as on a LAN) and one elsewhere. */
    private static final NodeAddress[] PEERS = {NodeAddress.parse("10.0.0.1:1"), NodeAddress.parse("10.0.0.2:1"),
            NodeAddress.parse("10.0.0.3:7"), NodeAddress.parse("[fd00::1]:2")};
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));
    private static final RateLimit WIDE = new RateLimit(1_000_000, 1_000_000);

    /**
     * The limit in front of a seal, under a random mix of requests, forged replies, junk and replies
     * to our own requests, with small prefix and global limits and moving time: every datagram that
     * reaches the dispatcher is accounted for once, each admitted datagram took its tokens once (what
     * got past the shared buckets stays within their rate), and every awaited reply is admitted and
     * matched however empty the shared buckets are. A failure reports the shortest failing list of steps.
     */
    @Test
    void theLimitBeforeTheSealChargesOnceAndNeverStarvesAwaitedReplies() {
        qt().withFixedSeed(0x5EA1L).withExamples(200).withShrinkCycles(0)
                .forAll(lists().of(LimitedTraffic.steps(PEERS.length, true)).ofSizeBetween(1, 300),
                        integers().between(1, 20), integers().between(1, 5))
                .checkAssert((steps, rate, burst) -> Stateful.check(steps, LimitedTraffic::simpler, s -> run(s, rate, burst)));
    }

    private static void run(List<LimitedTraffic> steps, int rate, int burst) {
        var f = new LimitedDispatcherFixture() { };
        var limit = new RateLimit(rate, burst);
        var limiter = RateLimiter.create(new RateLimiterSettings(WIDE, limit, limit, 4, 4), 0);
        var dispatcher = f.sealedDispatcher(limiter, steps.size());
        int awaited = 0;
        long sharedAdmitted = 0;
        long id = 0;
        for (LimitedTraffic step : steps) {
            NodeAddress from = PEERS[step.source()];
            f.nowNanos += step.pauseMicros() * 1_000L;
            Message request = Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id++), THEM, new byte[] {1});
            byte[] opened = switch (step) {
                case LimitedTraffic.Request r -> f.codec.encode(request);
                case LimitedTraffic.ForgedReply r -> f.codec.encode(request.replyWith((byte) 0x81, THEM, new byte[0]));
                case LimitedTraffic.Junk j -> new byte[] {(byte) j.firstByte()};
                case LimitedTraffic.AwaitedReply r -> null;
            };
            if (opened != null) {
                if (f.deliverSealed(dispatcher, from, opened)) {
                    sharedAdmitted++;
                }
                continue;
            }
            CompletableFuture<Message> future = dispatcher.request(from, RootCode.KADEMLIA, (byte) 1, new byte[0]);
            Message ours = ((DecodeResult.Decoded) f.codec.decode(f.lastSentOpened())).message();
            assertTrue(f.deliverSealed(dispatcher, from, f.codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0]))),
                    "awaited reply from " + from + " refused");
            awaited++;
            assertTrue(future.isDone() && !future.isCompletedExceptionally());
        }
        f.scheduler.runReady();
        DispatcherStats s = dispatcher.stats();
        LimitedDispatcherFixture.assertAccounted(s);
        assertEquals(awaited, s.repliesMatched());
        assertEquals(s.dispatched(), f.handled.get());
        assertTrue((sharedAdmitted - burst) * 1_000_000_000L <= rate * f.nowNanos,
                sharedAdmitted + " admitted through the shared buckets in " + f.nowNanos + " ns under " + limit);
    }
}
