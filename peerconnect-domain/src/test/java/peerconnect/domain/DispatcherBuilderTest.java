package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The dispatcher's builder: what it requires, what it defaults, and the counters the result reports. */
class DispatcherBuilderTest {
    private static final PeerId ME = PeerId.fromHex("aa".repeat(20));
    private final ManualScheduler scheduler = new ManualScheduler();

    @Test
    void aMissingCollaboratorIsNamed() {
        var noTransport = RequestsDispatcher.builder(ME).scheduler(scheduler).random(new SplittableRandom(1));
        var e = assertThrows(IllegalStateException.class, noTransport::build);
        assertTrue(e.getMessage().contains("transport"), e.getMessage());
        var noScheduler = RequestsDispatcher.builder(ME).transport((to, b) -> { }).random(new SplittableRandom(1));
        assertTrue(assertThrows(IllegalStateException.class, noScheduler::build).getMessage().contains("scheduler"));
        var noRandom = RequestsDispatcher.builder(ME).transport((to, b) -> { }).scheduler(scheduler);
        assertTrue(assertThrows(IllegalStateException.class, noRandom::build).getMessage().contains("random"));
    }

    @Test
    void theDefaultsAreTheStandardCodecAndConfigAndNoLimits() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, b) -> { }).scheduler(scheduler)
                .random(new SplittableRandom(1)).rateLimits(RateLimiterSettings.defaults()
                        .withPerAddress(RateLimit.unlimited()).withPerPrefix(RateLimit.unlimited())
                        .withGlobal(RateLimit.unlimited())).build();
        assertEquals(EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES, d.codec().maxDatagramBytes());
        d.register(RootCode.KADEMLIA, e -> { });
        EnvelopeCodec codec = EnvelopeCodec.create();
        for (int i = 0; i < 20_000; i++) {
            d.onDatagram(NodeAddress.parse("127.0.0.2:1"), codec.encode(Message.request(RootCode.KADEMLIA, (byte) 1,
                    new MessageId(i), PeerId.fromHex("bb".repeat(20)), new byte[0])));
        }
        scheduler.runReady();
        assertEquals(0, d.stats().dropped(DropReason.RATE_LIMITED), "unlimited settings make no limiter");
    }

    @Test
    void theDispatcherReportsItsStatsAsDispatcherCountersWithEveryDropReason() {
        RequestsDispatcher d = RequestsDispatcher.builder(ME).transport((to, b) -> { }).scheduler(scheduler)
                .random(new SplittableRandom(1)).build();
        d.onDatagram(NodeAddress.parse("127.0.0.2:1"), new byte[] {1, 2}); // no room for a header
        Map<String, Long> counters = new LinkedHashMap<>();
        d.reportCounters(counters::put);
        assertEquals(1L, counters.get("dispatcher.received"));
        assertEquals(1L, counters.get("dispatcher.dropped"));
        assertEquals(1L, counters.get("dispatcher.dropped.TRUNCATED"));
        assertEquals(0L, counters.get("dispatcher.dropped.SHED"));
        assertEquals(14 + DropReason.values().length, counters.size(), "every component once, every reason once");
    }
}
