package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the rate-limited dispatcher tests share: a dispatcher with one worker on a manual scheduler,
 * a limiter clock the test moves by hand, a Kademlia handler that only counts, and the sent datagrams.
 */
abstract class LimitedDispatcherFixture {
    static final NodeAddress PEER = NodeAddress.parse("127.0.0.2:4000");
    static final NodeAddress NEIGHBOUR = NodeAddress.parse("127.0.0.3:4000");
    static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    static final PeerId THEM = PeerId.fromHex("bb".repeat(20));
    static final RateLimit WIDE = new RateLimit(1_000_000, 1_000_000);
    /** Five datagrams per address, then 10 per second. */
    static final RateLimiterSettings FIVE_PER_ADDRESS =
            new RateLimiterSettings(new RateLimit(10, 5), WIDE, WIDE, 100, 100);

    final ManualScheduler scheduler = new ManualScheduler();
    final EnvelopeCodec codec = EnvelopeCodec.create();
    final List<byte[]> sent = new ArrayList<>();
    final AtomicInteger handled = new AtomicInteger();
    long nowNanos;

    RequestsDispatcher dispatcher(RateLimiter limiter) {
        return dispatcher(limiter, 1);
    }

    /** A dispatcher drawing its message ids from {@code seed}. */
    RequestsDispatcher dispatcher(RateLimiter limiter, long seed) {
        var d = new RequestsDispatcher(ME, DispatcherConfig.defaults().withMaxWorkers(1), codec,
                (to, bytes) -> sent.add(bytes), scheduler, scheduler, new SplittableRandom(seed), limiter,
                () -> nowNanos);
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        return d;
    }

    byte[] request(long id) {
        return codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1, new MessageId(id), THEM, new byte[] {7}));
    }

    static void assertAccounted(DispatcherStats s) {
        assertEquals(0, s.queued());
        assertEquals(s.received() + s.submitted(), s.dispatched() + s.repliesMatched() + s.totalDropped(),
                "every datagram accounted for once: " + s);
    }
}
