package peerconnect.domain;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The first stage of the inbound pipeline: the rate limits, asked before anything of a datagram is
 * parsed or opened (docs/PROTOCOL.md, "Rate limits"). Three questions, one per kind of datagram the
 * pipeline can tell apart at that point:
 * <ul>
 *   <li>{@link #admit}: a request or garbage, charged to its source address, prefix and all sources;</li>
 *   <li>{@link #admitSealed}: a sealed datagram, whose reply flag is not visible yet; if this node
 *       awaits a reply from its address it is charged to that address's own bucket only, which no
 *       other source can empty, so a flood never starves the replies our lookups wait for;</li>
 *   <li>{@link #chargeForgedReply}: a reply to no pending request, dropped whatever the verdict, but
 *       charged so that a source forging replies is soon limited in its requests too.</li>
 * </ul>
 * A reply this node awaits is never asked about at all: refusing it would fail a lookup of ours.
 * With the limiter {@linkplain RateLimiter#off() off} everything is admitted at the cost of a field read.
 */
final class Admission {
    private final RateLimiter limiter;
    private final LongSupplier nanoClock;

    Admission(RateLimiter limiter, LongSupplier nanoClock) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** The verdict on a request (or garbage) from {@code from}. */
    RateLimiter.Verdict admit(NodeAddress from) {
        return limiter.isOff() ? RateLimiter.Verdict.ADMITTED : limiter.admit(from, nanoClock.getAsLong());
    }

    /** The verdict on a sealed datagram from {@code from}; {@code awaited} if a reply from that address is awaited. */
    RateLimiter.Verdict admitSealed(NodeAddress from, boolean awaited) {
        if (limiter.isOff()) {
            return RateLimiter.Verdict.ADMITTED;
        }
        long now = nanoClock.getAsLong();
        return awaited ? limiter.admitAwaited(from, now) : limiter.admit(from, now);
    }

    /** Takes a token from the buckets of {@code from} for a reply that is dropped anyway. */
    void chargeForgedReply(NodeAddress from) {
        if (!limiter.isOff()) {
            limiter.admit(from, nanoClock.getAsLong()); // the verdict does not matter; the token it takes does
        }
    }
}
