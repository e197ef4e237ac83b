package peerconnect.domain;

/**
 * One token-bucket limit: a sustained rate and the burst allowed on top of it. Over any window of
 * {@code t} seconds a bucket admits at most {@code perSecond * t + burst} datagrams.
 *
 * @param perSecond tokens added per second (sustained datagrams per second), at least 1
 * @param burst     bucket capacity (datagrams admitted at once after a quiet spell), at least 1
 */
public record RateLimit(long perSecond, long burst) {
    /** Largest rate or burst accepted: keeps the bucket's nanosecond arithmetic far from overflow. */
    public static final long MAX = 1_000_000_000L;

    /** No limit in practice: {@link #MAX} per second and burst, beyond what any socket delivers. */
    public static RateLimit unlimited() {
        return new RateLimit(MAX, MAX);
    }

    /** Whether this is {@link #unlimited()}. */
    public boolean isUnlimited() {
        return perSecond == MAX && burst == MAX;
    }

    public RateLimit {
        if (perSecond < 1 || perSecond > MAX) {
            throw new IllegalArgumentException("rate must be in 1.." + MAX + " per second: " + perSecond);
        }
        if (burst < 1 || burst > MAX) {
            throw new IllegalArgumentException("burst must be in 1.." + MAX + ": " + burst);
        }
    }
}
