package peerconnect.domain;

import java.net.Inet4Address;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Admits or refuses a received datagram by its source: one token bucket per source address, one per
 * source prefix (/24 for IPv4, /64 for IPv6) and one for all sources. A datagram is admitted only if
 * all three have a token, and then takes one from each; a refused datagram takes nothing, so a
 * source's own refusals never count against it or its neighbours.
 *
 * <p>The per-address and per-prefix tables are bounded: beyond their size the least recently seen
 * entry is forgotten. A forgotten source starts again with a full bucket, so a flood of spoofed
 * addresses gains at most a burst per address it rotates through; the prefix and global buckets
 * still hold it (they see every datagram).
 *
 * <p>Pure: time comes in as {@code nowNanos} on each call (any nanosecond clock: the scheduler's clock
 * in the app, virtual time in tests; a clock stepping back adds no tokens and stalls nothing). Thread-safe (one lock; the
 * work under it is two hash lookups and three subtractions).
 */
public final class RateLimiter {
    private static final RateLimiter OFF = new RateLimiter();

    /** The outcome of {@link #admit}: admitted, or the first limit found exhausted. */
    public enum Verdict { ADMITTED, ADDRESS_LIMITED, PREFIX_LIMITED, GLOBAL_LIMITED }

    /** An IPv4 /24 or an IPv6 /64, as the leading bits of the address. */
    private record Prefix(long bits, boolean ipv6) {
    }

    private final RateLimiterSettings settings;
    private final Map<NodeAddress, TokenBucket> addresses;
    private final Map<Prefix, TokenBucket> prefixes;
    private final TokenBucket global;

    private RateLimiter(RateLimiterSettings settings, long nowNanos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.addresses = lruMap(settings.maxAddresses());
        this.prefixes = lruMap(settings.maxPrefixes());
        this.global = new TokenBucket(settings.global(), nowNanos);
    }

    private RateLimiter() {
        this.settings = null;
        this.addresses = Map.of();
        this.prefixes = Map.of();
        this.global = null;
    }

    /** A limiter with {@code settings}, all buckets full at {@code nowNanos}. */
    public static RateLimiter create(RateLimiterSettings settings, long nowNanos) {
        return new RateLimiter(settings, nowNanos);
    }

    /** A limiter that admits everything and tracks nothing. */
    public static RateLimiter off() {
        return OFF;
    }

    public boolean isOff() {
        return settings == null;
    }

    /** Decides on one datagram from {@code from} arriving at {@code nowNanos}. */
    public Verdict admit(NodeAddress from, long nowNanos) {
        return admit(from, nowNanos, true);
    }

    /**
     * Decides on one datagram from a source this node awaits a reply from, when it cannot yet tell
     * whether the datagram is that reply (it is still sealed): only the source's own address bucket
     * is asked and charged, so a flood from other addresses of its prefix or from anywhere else,
     * which empties the prefix and global buckets, cannot starve the replies this node awaits. A
     * sender spoofing the awaited address shares that one bucket and gets no more than its rate.
     */
    public Verdict admitAwaited(NodeAddress from, long nowNanos) {
        return admit(from, nowNanos, false);
    }

    /** Checks the buckets in order (address, then prefix and global if {@code shared}) and charges all or none. */
    private Verdict admit(NodeAddress from, long nowNanos, boolean shared) {
        if (isOff()) {
            return Verdict.ADMITTED;
        }
        synchronized (this) {
            TokenBucket address = bucket(addresses, from, settings.perAddress(), nowNanos);
            if (!address.hasToken(nowNanos)) {
                return Verdict.ADDRESS_LIMITED;
            }
            if (shared) {
                TokenBucket prefix = bucket(prefixes, prefixOf(from), settings.perPrefix(), nowNanos);
                if (!prefix.hasToken(nowNanos)) {
                    return Verdict.PREFIX_LIMITED;
                }
                if (!global.hasToken(nowNanos)) {
                    return Verdict.GLOBAL_LIMITED;
                }
                prefix.take();
                global.take();
            }
            address.take();
            return Verdict.ADMITTED;
        }
    }

    /** Source addresses tracked now (never more than {@link RateLimiterSettings#maxAddresses()}). */
    public synchronized int trackedAddresses() {
        return addresses.size();
    }

    /** Source prefixes tracked now (never more than {@link RateLimiterSettings#maxPrefixes()}). */
    public synchronized int trackedPrefixes() {
        return prefixes.size();
    }

    private static <K> TokenBucket bucket(Map<K, TokenBucket> map, K key, RateLimit limit, long nowNanos) {
        // get() refreshes the entry's place in access order; put() may evict the eldest.
        TokenBucket bucket = map.get(key);
        if (bucket == null) {
            forgetFullBuckets(map, nowNanos);
            bucket = new TokenBucket(limit, nowNanos);
            map.put(key, bucket);
        }
        return bucket;
    }

    /**
     * Drops the least recently used buckets while they are full: a full bucket admits exactly as a
     * new one would, so forgetting it changes no verdict, and a node that hears from many sources
     * once each (a large network's joins) does not keep a bucket per source for good. Stops at the
     * first bucket that is not full, so a call costs O(1) amortized.
     */
    private static <K> void forgetFullBuckets(Map<K, TokenBucket> map, long nowNanos) {
        Iterator<TokenBucket> eldest = map.values().iterator();
        while (eldest.hasNext() && eldest.next().isFull(nowNanos)) {
            eldest.remove();
        }
    }

    private static Prefix prefixOf(NodeAddress address) {
        byte[] ip = address.ip().getAddress();
        if (address.ip() instanceof Inet4Address) {
            return new Prefix(((ip[0] & 0xffL) << 16) | ((ip[1] & 0xffL) << 8) | (ip[2] & 0xffL), false);
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (ip[i] & 0xffL);
        }
        return new Prefix(bits, true);
    }

    private static <K, V> Map<K, V> lruMap(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
