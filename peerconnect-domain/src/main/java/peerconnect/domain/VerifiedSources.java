package peerconnect.domain;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Addresses that have proven they receive what is sent to them: a reply from the address matched one
 * of our own requests (by random message id and by source address, so a spoofer who never sees our
 * datagrams cannot produce one). Replies to an unverified address are held to a small multiple of the
 * request that caused them (docs/PROTOCOL.md, "Amplification"), so a forged source address buys an
 * attacker no more bytes at the victim than it sent itself.
 *
 * <p>Bounded: at most {@code capacity} addresses, the least recently verified or used one leaves first;
 * an entry also expires {@code ttl} after its last proof, read from the injected nanosecond clock
 * (a clock that never moves means no expiry, as in simulations on the plain dispatcher constructor).
 * Forgetting an address is always safe: it only costs a trimmed reply until it proves itself again.
 * Thread-safe.
 */
public final class VerifiedSources {
    /** Default bound: room for every peer of a large LAN and their other ports, ~1 MB at most. */
    public static final int DEFAULT_CAPACITY = 16_384;
    /** Default lifetime of a proof: long enough to cover a lookup burst and maintenance, short enough that a reassigned address loses it. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<NodeAddress, Long> provenAt;

    /**
     * @param capacity  most addresses remembered (at least 1)
     * @param ttl       how long a proof lasts (positive)
     * @param nanoClock monotonic nanoseconds
     */
    public VerifiedSources(int capacity, Duration ttl, LongSupplier nanoClock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.provenAt = new LinkedHashMap<>(64, 0.75f, true);
    }

    /** Defaults: {@value #DEFAULT_CAPACITY} addresses, {@link #DEFAULT_TTL}. */
    public static VerifiedSources create(LongSupplier nanoClock) {
        return new VerifiedSources(DEFAULT_CAPACITY, DEFAULT_TTL, nanoClock);
    }

    /** Records that {@code address} answered one of our requests, now. */
    public void verify(NodeAddress address) {
        Objects.requireNonNull(address, "address");
        long now = nanoClock.getAsLong();
        synchronized (provenAt) {
            forgetExpired(now);
            provenAt.put(address, now);
            if (provenAt.size() > capacity) {
                Iterator<NodeAddress> eldest = provenAt.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /**
     * Drops the least recently used proofs while they have expired: {@link #isVerified} would refuse
     * and drop each of them anyway, so forgetting them early changes no answer, and a node that hears
     * from many addresses once each keeps no entry per address for good. Stops at the first live
     * proof (a least recently used entry may still be young), so a call costs O(1) amortized.
     */
    private void forgetExpired(long now) {
        Iterator<Long> eldest = provenAt.values().iterator();
        while (eldest.hasNext() && now - eldest.next() >= ttlNanos) {
            eldest.remove();
        }
    }

    /** Whether {@code address} proved itself within the lifetime of a proof. */
    public boolean isVerified(NodeAddress address) {
        long now = nanoClock.getAsLong();
        synchronized (provenAt) {
            Long at = provenAt.get(address);
            if (at == null) {
                return false;
            }
            if (now - at >= ttlNanos) {
                provenAt.remove(address);
                return false;
            }
            return true;
        }
    }

    /** Addresses remembered now (expired ones may still count until they are looked at or pushed out). */
    public int size() {
        synchronized (provenAt) {
            return provenAt.size();
        }
    }

    /** Most addresses remembered. */
    public int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return "VerifiedSources[" + size() + "/" + capacity + ", ttl " + Duration.ofNanos(ttlNanos) + "]";
    }
}
