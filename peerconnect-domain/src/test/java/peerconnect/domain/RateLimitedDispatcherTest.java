package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitedDispatcherTest {
    private static final NodeAddress PEER = NodeAddress.parse("127.0.0.2:4000");
    private static final NodeAddress NEIGHBOUR = NodeAddress.parse("127.0.0.3:4000");
    private static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));
    private static final RateLimit WIDE = new RateLimit(1_000_000, 1_000_000);
    /** Five datagrams per address, then 10 per second. */
    private static final RateLimiterSettings FIVE_PER_ADDRESS =
            new RateLimiterSettings(new RateLimit(10, 5), WIDE, WIDE, 100, 100);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final WireCodec codec = WireCodec.create();
    private final List<byte[]> sent = new ArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();
    private long nowNanos;

    private RequestsDispatcher dispatcher(RateLimiter limiter) {
        var d = new RequestsDispatcher(ME, DispatcherConfig.defaults().withMaxWorkers(1), codec,
                (to, bytes) -> sent.add(bytes), scheduler, scheduler, new SplittableRandom(1), limiter,
                () -> nowNanos);
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        return d;
    }

    private byte[] request(long id) {
        return codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id), THEM, new byte[] {7}));
    }

    private static void assertAccounted(DispatcherStats s) {
        assertEquals(0, s.queued());
        assertEquals(s.received() + s.submitted(), s.dispatched() + s.repliesMatched() + s.totalDropped(),
                "every datagram accounted for once: " + s);
    }

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
    void theOldConstructorLimitsNothing() {
        RequestsDispatcher d = new RequestsDispatcher(ME, DispatcherConfig.defaults().withMaxWorkers(1), codec,
                (to, bytes) -> { }, scheduler, scheduler, new SplittableRandom(1));
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
