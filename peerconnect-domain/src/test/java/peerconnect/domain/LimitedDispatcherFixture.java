package peerconnect.domain;

import peerconnect.testkit.core.TestRandom;
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
    static final NetworkKey KEY = NetworkKey.generate(TestRandom.secure(10));
    static final RateLimit WIDE = new RateLimit(1_000_000, 1_000_000);
    /** Five datagrams per address, then 10 per second. */
    static final RateLimiterSettings FIVE_PER_ADDRESS =
            new RateLimiterSettings(new RateLimit(10, 5), WIDE, WIDE, 100, 100);

    final ManualScheduler scheduler = new ManualScheduler();
    final EnvelopeCodec codec = EnvelopeCodec.create();
    final List<byte[]> sent = new ArrayList<>();
    final AtomicInteger handled = new AtomicInteger();
    long nowNanos;

    /** The peers' seal under the network key of {@link #sealedDispatcher}: seals what the tests send it. */
    final DatagramSeal peerSeal = DatagramSeal.create(KEY, TestRandom.secure(12));

    RequestsDispatcher dispatcher(RateLimiter limiter) {
        return dispatcher(limiter, 1);
    }

    /** A dispatcher drawing its message ids from {@code seed}. */
    RequestsDispatcher dispatcher(RateLimiter limiter, long seed) {
        return register(builder(limiter, seed).build());
    }

    /** A dispatcher with the network key: the limits run before its seal stage opens anything. */
    RequestsDispatcher sealedDispatcher(RateLimiter limiter, long seed) {
        return register(builder(limiter, seed).networkKey(DatagramSeal.create(KEY, TestRandom.secure(11)))
                .build());
    }

    private DispatcherBuilder builder(RateLimiter limiter, long seed) {
        return RequestsDispatcher.builder(ME).config(DispatcherConfig.defaults().withMaxWorkers(1)).codec(codec)
                .transport((to, bytes) -> sent.add(bytes)).scheduler(scheduler).random(new SplittableRandom(seed))
                .rateLimiter(limiter).nanoClock(() -> nowNanos);
    }

    private RequestsDispatcher register(RequestsDispatcher d) {
        d.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(e -> handled.incrementAndGet()));
        return d;
    }

    /**
     * Seals {@code plaintext} as a peer would and hands it to the sealed dispatcher {@code d}; returns
     * whether the limits admitted it (its {@code seal.rateLimited} did not grow). An admitted datagram
     * from an address {@code d} awaits nothing from is opened by its executor: run the scheduler.
     */
    boolean deliverSealed(RequestsDispatcher d, NodeAddress from, byte[] plaintext) {
        SealStage stage = d.seal().orElseThrow();
        long refused = stage.stats().rateLimited();
        d.onDatagram(from, peerSeal.seal(plaintext));
        return stage.stats().rateLimited() == refused;
    }

    /** The last datagram a sealed dispatcher sent, opened. */
    byte[] lastSentOpened() {
        return ((OpenResult.Opened) peerSeal.open(sent.get(sent.size() - 1))).plaintext();
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
