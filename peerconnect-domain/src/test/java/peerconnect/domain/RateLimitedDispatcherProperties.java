package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.Stateful;

class RateLimitedDispatcherProperties {
    private static final NodeAddress[] PEERS = {NodeAddress.parse("10.0.0.1:1"), NodeAddress.parse("10.0.0.2:1"),
            NodeAddress.parse("10.0.1.1:1"), NodeAddress.parse("[fd00::1]:2")};
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    /**
     * A random mix of requests (both overloads), junk and replies to our own requests, from a few
     * sources under small limits and moving time: every datagram is accounted for once, requests
     * handled never exceed what the limits allow, and every reply to an awaited request is matched,
     * however exhausted its source's bucket is. A failure reports the shortest failing list of steps.
     */
    @Test
    void limitsNeverBreakTheAccountingNorStarveAwaitedReplies() {
        qt().withFixedSeed(0x11A17L).withExamples(200).withShrinkCycles(0)
                .forAll(lists().of(LimitedTraffic.steps(PEERS.length, false)).ofSizeBetween(1, 300),
                        integers().between(1, 20), integers().between(1, 5))
                .checkAssert((steps, rate, burst) -> Stateful.check(steps, LimitedTraffic::simpler, s -> run(s, rate, burst)));
    }

    private static void run(List<LimitedTraffic> steps, int rate, int burst) {
        var f = new LimitedDispatcherFixture() { };
        var limit = new RateLimit(rate, burst);
        var limiter = RateLimiter.create(new RateLimiterSettings(limit, limit, limit, 2, 2), 0);
        var dispatcher = f.dispatcher(limiter, steps.size());
        int repliesSent = 0;
        long id = 0;
        for (LimitedTraffic step : steps) {
            NodeAddress from = PEERS[step.source()];
            f.nowNanos += step.pauseMicros() * 1_000L;
            byte[] request = f.codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id++), THEM,
                    new byte[] {1}));
            switch (step) {
                case LimitedTraffic.Request r when r.asBuffer() -> dispatcher.onDatagram(from, ByteBuffer.wrap(request));
                case LimitedTraffic.Request r -> dispatcher.onDatagram(from, request);
                case LimitedTraffic.Junk j -> dispatcher.onDatagram(from, new byte[] {(byte) j.firstByte()});
                case LimitedTraffic.ForgedReply r -> throw new AssertionError("not drawn here: " + r);
                case LimitedTraffic.AwaitedReply r -> {
                    CompletableFuture<Message> future =
                            dispatcher.request(from, RootCode.KADEMLIA, (byte) 1, new byte[0]);
                    Message ours = ((DecodeResult.Decoded) f.codec.decode(f.sent.get(f.sent.size() - 1))).message();
                    dispatcher.onDatagram(from, f.codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[0])));
                    repliesSent++;
                    assertTrue(future.isDone(), "reply from " + from + " starved by the limiter");
                }
            }
        }
        f.scheduler.runReady();
        DispatcherStats s = dispatcher.stats();
        LimitedDispatcherFixture.assertAccounted(s);
        assertEquals(repliesSent, s.repliesMatched());
        assertEquals(s.dispatched(), f.handled.get());
        // The global bucket alone bounds what got past the limiter.
        long admitted = s.received() - s.repliesMatched() - s.dropped(DropReason.RATE_LIMITED);
        assertTrue((admitted - burst) * 1_000_000_000L <= rate * f.nowNanos,
                admitted + " admitted in " + f.nowNanos + " ns under " + limit);
    }
}
