package peerconnect.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link LatencyHistogram} as read at one moment.
 *
 * @param bounds upper bounds (inclusive) of the buckets, increasing
 * @param counts durations counted per bucket, not cumulative: one per bound, then one more for
 *               those above the last bound
 * @param sum    all durations counted, added up
 */
public record HistogramSnapshot(List<Duration> bounds, List<Long> counts, Duration sum) {
    /** Checks that there is one count per bound plus the overflow bucket. */
    public HistogramSnapshot {
        bounds = List.copyOf(bounds);
        counts = List.copyOf(counts);
        Objects.requireNonNull(sum, "sum");
        if (counts.size() != bounds.size() + 1) {
            throw new IllegalArgumentException(counts.size() + " counts for " + bounds.size() + " bounds");
        }
    }

    /** How many durations were counted. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Durations at most {@code bounds().get(i)}, i.e. the counts of buckets 0 to i added up. */
    public long cumulative(int i) {
        long n = 0;
        for (int j = 0; j <= i; j++) {
            n += counts.get(j);
        }
        return n;
    }
}
