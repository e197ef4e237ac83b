package peerconnect.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Notices that the host slept: between two observations the wall clock advanced further than the
 * monotonic clock by more than a threshold. On Linux the monotonic clock ({@link System#nanoTime})
 * stops while the host is suspended and the wall clock does not, so the difference is the time asleep;
 * a pause of this process (garbage collection, a loaded machine) moves both clocks alike and is not a
 * jump. A large step of the wall clock (an NTP correction) is reported too, which costs one
 * re-announcement. Pure arithmetic on the numbers it is given; not thread-safe.
 */
public final class ClockJumps {
    private final long thresholdMillis;
    private boolean primed;
    private long lastWallMillis;
    private long lastMonoNanos;

    /** @param threshold the least excess of wall-clock time over monotonic time that counts as a jump */
    public ClockJumps(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("the clock jump threshold must be positive: " + threshold);
        }
        this.thresholdMillis = threshold.toMillis();
    }

    /**
     * Takes one observation of both clocks and returns by how much the wall clock ran ahead of the
     * monotonic one since the previous observation, if that exceeds the threshold (never on the first).
     */
    public Optional<Duration> observe(long wallMillis, long monoNanos) {
        boolean first = !primed;
        long excess = (wallMillis - lastWallMillis) - (monoNanos - lastMonoNanos) / 1_000_000;
        primed = true;
        lastWallMillis = wallMillis;
        lastMonoNanos = monoNanos;
        if (first || excess <= thresholdMillis) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(excess));
    }
}
