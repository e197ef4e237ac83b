package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RateLimitedDispatcherTest extends LimitedDispatcherFixture {
    @Test
    void requestsOverTheLimitAreDroppedAsRateLimitedAndNeverHandled() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        for (int i = 0; i < 20; i++) {
            d.onDatagram(PEER, request(i));
        }
        for (int i = 0; i < 20; i++) {
            d.onDatagram(PEER, ByteBuffer.wrap(request(100 + i))); // the buffer overload shares the limit
        }
        scheduler.runReady();
        DispatcherStats s = d.stats();
        assertEquals(5, handled.get());
        assertEquals(35, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);

        d.onDatagram(NEIGHBOUR, ByteBuffer.wrap(request(200)));
        nowNanos += 100_000_000; // 0.1 s at 10/s: one more token for PEER
        d.onDatagram(PEER, request(201));
        d.onDatagram(PEER, request(202));
        scheduler.runReady();
        assertEquals(7, handled.get());
        assertEquals(36, d.stats().dropped(DropReason.RATE_LIMITED));
        assertAccounted(d.stats());
    }

    @Test
    void junkCountsAgainstItsSourceAndOverTheLimitIsNotEvenDecoded() {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        for (int i = 0; i < 8; i++) {
            d.onDatagram(PEER, new byte[] {1, 2});
        }
        DispatcherStats s = d.stats();
        assertEquals(5, s.dropped(DropReason.TRUNCATED), "the first five were decoded and rejected");
        assertEquals(3, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);
    }

    @Test
    void anAwaitedReplyGetsThroughFromASourceThatIsOverItsLimit() throws Exception {
        RequestsDispatcher d = dispatcher(RateLimiter.create(FIVE_PER_ADDRESS, 0));
        for (int i = 0; i < 10; i++) {
            d.onDatagram(PEER, request(i));
        }
        CompletableFuture<Message> future = d.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0]);
        Message ours = ((DecodeResult.Decoded) codec.decode(sent.get(sent.size() - 1))).message();
        d.onDatagram(PEER, ByteBuffer.wrap(codec.encode(ours.replyWith((byte) 0x81, THEM, new byte[] {9}))));
        assertTrue(future.isDone(), "the reply bypassed the exhausted bucket");
        assertEquals(ours.id(), future.get().id());
        scheduler.runReady();
        DispatcherStats s = d.stats();
        assertEquals(1, s.repliesMatched());
        assertEquals(5, s.dropped(DropReason.RATE_LIMITED));
        assertAccounted(s);
    }

    @Test
    void aBuilderWithoutRateLimitsLimitsNothing() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).config(DispatcherConfig.defaults().withMaxWorkers(1))
                .codec(codec).transport((to, bytes) -> { }).scheduler(scheduler).random(new SplittableRandom(1)).build();
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        int n = (int) RateLimiterSettings.defaults().perAddress().burst() + 1_000;
        for (int i = 0; i < n; i++) {
            d.onDatagram(PEER, request(i));
        }
        scheduler.runReady();
        assertEquals(n, handled.get());
        assertEquals(0, d.stats().dropped(DropReason.RATE_LIMITED));
    }
}
