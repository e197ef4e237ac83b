package peerconnect.domain;

/**
 * The token-bucket arithmetic, in exact integers: tokens are held in nano-tokens (one token = 10^9),
 * and {@code perSecond} nano-tokens accrue per elapsed nanosecond, so no rounding ever lets more
 * through than {@code perSecond * t + burst}. Starts full. Not thread-safe; time comes from the caller.
 */
final class TokenBucket {
    private static final long NANOS_PER_TOKEN = 1_000_000_000L;

    private final long ratePerSecond;
    private final long capacity;
    private final long fillNanos;
    private long nanoTokens;
    private long lastNanos;

    TokenBucket(RateLimit limit, long nowNanos) {
        this.ratePerSecond = limit.perSecond();
        this.capacity = limit.burst() * NANOS_PER_TOKEN;
        // Time to fill an empty bucket; beyond it the bucket is full, which bounds the product below.
        this.fillNanos = Math.ceilDiv(capacity, ratePerSecond);
        this.nanoTokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Whether one token is available at {@code nowNanos} (refills first; takes nothing). */
    boolean hasToken(long nowNanos) {
        refill(nowNanos);
        return nanoTokens >= NANOS_PER_TOKEN;
    }

    /** Takes one token if available at {@code nowNanos}. */
    boolean tryTake(long nowNanos) {
        if (!hasToken(nowNanos)) {
            return false;
        }
        nanoTokens -= NANOS_PER_TOKEN;
        return true;
    }

    /** Takes one token that {@link #hasToken} just reported available. */
    void take() {
        nanoTokens -= NANOS_PER_TOKEN;
    }

    /**
     * Whether the bucket is full at {@code nowNanos}: then it is in the same state as a new one, so
     * forgetting it changes no later verdict.
     */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return nanoTokens >= capacity;
    }

    /** Whole tokens available after the last refill. */
    long tokens() {
        return nanoTokens / NANOS_PER_TOKEN;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            // A clock that steps back adds nothing, and refilling resumes from its new reading:
            // waiting for it to catch up would starve the bucket for as long as the step.
            lastNanos = nowNanos;
            return;
        }
        lastNanos = nowNanos;
        nanoTokens = elapsed >= fillNanos ? capacity : Math.min(capacity, nanoTokens + elapsed * ratePerSecond);
    }
}
