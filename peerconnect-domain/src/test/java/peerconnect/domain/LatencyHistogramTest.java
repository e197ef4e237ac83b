package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Durations land in the first bucket whose bound they do not exceed, and a reply's round trip is timed. */
class LatencyHistogramTest {
    private static final NodeAddress PEER = NodeAddress.parse("192.0.2.7:4000");
    private static final PeerId THEM = PeerId.fromHex("bb".repeat(20));

    @Test
    void eachDurationCountsInTheFirstBucketWhoseBoundItDoesNotExceed() {
        LatencyHistogram h = LatencyHistogram.withBounds(List.of(Duration.ofMillis(1), Duration.ofMillis(10)));
        // duration in nanos -> bucket index (2 = above the last bound)
        long[][] table = {{0, 0}, {-5, 0}, {1_000_000, 0}, {1_000_001, 1}, {10_000_000, 1}, {10_000_001, 2},
                {Long.MAX_VALUE / 4, 2}};
        long[] expected = new long[3];
        for (long[] row : table) {
            h.record(row[0]);
            expected[(int) row[1]]++;
        }
        HistogramSnapshot s = h.snapshot();
        assertEquals(List.of(expected[0], expected[1], expected[2]), s.counts());
        assertEquals(table.length, s.count());
        assertEquals(expected[0], s.cumulative(0));
        assertEquals(expected[0] + expected[1], s.cumulative(1));
        assertEquals(Duration.ofNanos(1_000_000 + 1_000_001 + 10_000_000 + 10_000_001 + Long.MAX_VALUE / 4), s.sum());
    }

    @Test
    void boundsMustBePositiveAndIncreasing() {
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.withBounds(List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LatencyHistogram.withBounds(List.of(Duration.ofMillis(2), Duration.ofMillis(2))));
        assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.withBounds(List.of(Duration.ZERO)));
    }

    @Test
    void aMatchedReplyIsTimedFromItsRequestOnTheSchedulersClockAndATimeOutIsNot() {
        ManualScheduler scheduler = new ManualScheduler();
        EnvelopeCodec codec = EnvelopeCodec.create();
        List<Message> sent = new java.util.ArrayList<>();
        RequestsDispatcher dispatcher = RequestsDispatcher.builder(PeerId.fromHex("aa".repeat(20)))
                .config(DispatcherConfig.defaults().withMaxWorkers(1)).codec(codec)
                .transport((to, bytes) -> sent.add(((DecodeResult.Decoded) codec.decode(bytes)).message()))
                .scheduler(scheduler).random(new java.util.SplittableRandom(7)).build();

        CompletableFuture<Message> answered = dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0],
                Duration.ofSeconds(2));
        dispatcher.request(PEER, RootCode.KADEMLIA, (byte) 1, new byte[0], Duration.ofSeconds(2));
        scheduler.advance(Duration.ofMillis(3));
        dispatcher.onDatagram(PEER, codec.encode(sent.get(0).replyWith((byte) 0x81, THEM, new byte[0])));
        scheduler.advance(Duration.ofSeconds(3));

        assertEquals(true, answered.isDone() && !answered.isCompletedExceptionally());
        HistogramSnapshot rtt = dispatcher.roundTrips();
        assertEquals(1, rtt.count(), "the timed-out request has no round trip");
        int bucket = LatencyHistogram.LAN_BOUNDS.indexOf(Duration.ofMillis(5));
        assertEquals(1, rtt.counts().get(bucket), "3 ms falls in the (2.5 ms, 5 ms] bucket: " + rtt.counts());
        assertEquals(Duration.ofMillis(3), rtt.sum());
        List<String> histograms = new java.util.ArrayList<>();
        dispatcher.reportCounters(new CounterSink() {
            @Override
            public void counter(String name, long value) {
            }

            @Override
            public void histogram(String name, HistogramSnapshot histogram) {
                histograms.add(name + "=" + histogram.count());
            }
        });
        assertEquals(List.of("dispatcher.roundTrip=1"), histograms);
        dispatcher.closeNow();
    }
}
