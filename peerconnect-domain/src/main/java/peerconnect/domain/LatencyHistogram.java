package peerconnect.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts durations (round-trip times, lookup times) into fixed buckets, lock-free, for a metrics
 * format to show as a histogram. The caller measures on its own injected clock and records the
 * elapsed nanoseconds, so simulations on virtual time record virtual durations.
 *
 * <p>The default bounds ({@link #LAN_BOUNDS}) span what a LAN shows: a quarter of a millisecond
 * (two hosts on one switch) to five seconds (beyond every RPC deadline of the node), roughly
 * 1-2.5-5 per decade, as Prometheus client libraries do.
 */
public final class LatencyHistogram {
    /** Upper bounds, inclusive, of the buckets of {@link #lan()}; above the last one counts as +Inf. */
    public static final List<Duration> LAN_BOUNDS = List.of(
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5));

    private final List<Duration> bounds;
    private final long[] boundNanos;
    /** One per bound, then one for everything above the last bound. */
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    private LatencyHistogram(List<Duration> bounds) {
        this.bounds = List.copyOf(bounds);
        if (this.bounds.isEmpty()) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        boundNanos = new long[this.bounds.size()];
        for (int i = 0; i < boundNanos.length; i++) {
            boundNanos[i] = this.bounds.get(i).toNanos();
            if (boundNanos[i] <= 0 || (i > 0 && boundNanos[i] <= boundNanos[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must be positive and increasing: " + bounds);
            }
        }
        buckets = new LongAdder[boundNanos.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** A histogram with the {@link #LAN_BOUNDS}. */
    public static LatencyHistogram lan() {
        return new LatencyHistogram(LAN_BOUNDS);
    }

    /**
     * A histogram with the given upper bounds.
     *
     * @throws IllegalArgumentException if {@code bounds} is empty, or not positive and strictly increasing
     */
    public static LatencyHistogram withBounds(List<Duration> bounds) {
        return new LatencyHistogram(Objects.requireNonNull(bounds, "bounds"));
    }

    /**
     * Counts one duration of {@code nanos} nanoseconds. A negative one (a clock that stepped back)
     * counts as zero rather than being lost. Never blocks.
     */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        int i = 0;
        while (i < boundNanos.length && n > boundNanos[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(n);
    }

    /** What has been counted so far; the count is the sum of the buckets read. */
    public HistogramSnapshot snapshot() {
        List<Long> counts = new ArrayList<>(buckets.length);
        for (LongAdder bucket : buckets) {
            counts.add(bucket.sum());
        }
        return new HistogramSnapshot(bounds, counts, Duration.ofNanos(sumNanos.sum()));
    }
}
