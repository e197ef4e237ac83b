package peerconnect.app.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Round-trip times in nanoseconds, at most {@code capacity} of them: beyond that a seeded reservoir
 * sample keeps every time equally likely to be kept, so memory stays bounded however long a run is.
 * Thread-safe (one lock; recording is cheap next to a round trip).
 */
final class LatencySamples {
    private final long[] samples;
    private final SplittableRandom random = new SplittableRandom(1);
    private long seen;

    LatencySamples(int capacity) {
        samples = new long[capacity];
    }

    synchronized void record(long nanos) {
        if (seen < samples.length) {
            samples[(int) seen] = nanos;
        } else {
            long slot = random.nextLong(seen + 1);
            if (slot < samples.length) {
                samples[(int) slot] = nanos;
            }
        }
        seen++;
    }

    synchronized long count() {
        return seen;
    }

    /** The {@code q}-quantile (0..1) in microseconds, nearest rank; NaN without samples. */
    synchronized double quantileMicros(double q) {
        int n = (int) Math.min(seen, samples.length);
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1000.0;
    }
}
