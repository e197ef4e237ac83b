package peerconnect.domain;

import java.util.Objects;

/**
 * Limits on received datagrams, checked before decoding.
 *
 * @param perAddress       per source address (IP and port)
 * @param perPrefix        per source prefix: the /24 of an IPv4 address, the /64 of an IPv6 one
 * @param global           all sources together
 * @param maxAddresses     source addresses tracked at once; the least recently seen is forgotten beyond it
 * @param maxPrefixes      source prefixes tracked at once; the least recently seen is forgotten beyond it
 */
public record RateLimiterSettings(RateLimit perAddress, RateLimit perPrefix, RateLimit global, int maxAddresses,
                                  int maxPrefixes) {
    public RateLimiterSettings {
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perPrefix, "perPrefix");
        Objects.requireNonNull(global, "global");
        if (maxAddresses < 1) {
            throw new IllegalArgumentException("maxAddresses must be positive: " + maxAddresses);
        }
        if (maxPrefixes < 1) {
            throw new IllegalArgumentException("maxPrefixes must be positive: " + maxPrefixes);
        }
    }

    /** Whether no limit is set at all (each one {@link RateLimit#unlimited()}): a limiter would admit everything. */
    public boolean isUnlimited() {
        return perAddress.isUnlimited() && perPrefix.isUnlimited() && global.isUnlimited();
    }

    /** These settings with {@code limit} per source address. */
    public RateLimiterSettings withPerAddress(RateLimit limit) {
        return new RateLimiterSettings(limit, perPrefix, global, maxAddresses, maxPrefixes);
    }

    /** These settings with {@code limit} per source prefix. */
    public RateLimiterSettings withPerPrefix(RateLimit limit) {
        return new RateLimiterSettings(perAddress, limit, global, maxAddresses, maxPrefixes);
    }

    /** These settings with {@code limit} over all sources. */
    public RateLimiterSettings withGlobal(RateLimit limit) {
        return new RateLimiterSettings(perAddress, perPrefix, limit, maxAddresses, maxPrefixes);
    }

    /**
     * Defaults for a LAN node, generous enough that an honest peer is never limited:
     * <ul>
     *   <li>per address 5,000/s, burst 10,000: a busy honest peer sends a few hundred datagrams a
     *       second (a lookup is ~3 in flight x a few rounds; gossip fanout a handful per rumor); 10x
     *       headroom over a peer running dozens of lookups at once, while one flooder is held to a
     *       small share of the ~190,000 datagrams/s one node receives through its UDP
     *       pipeline on 2 cores (docs/BENCHMARKS.md, bench udp);</li>
     *   <li>per prefix 20,000/s, burst 40,000: on a LAN every honest peer shares one /24, so this must
     *       cover many busy peers together; it exists to stop one host rotating source ports or
     *       addresses within its subnet;</li>
     *   <li>global 50,000/s, burst 100,000: about a quarter of that receive rate, so a flood from many
     *       prefixes leaves the handlers (lookups, stores, replies, which cost far more than
     *       receiving) CPU to spare;</li>
     *   <li>16,384 addresses and 4,096 prefixes tracked: far more than the peers of a LAN, and
     *       bounded (a few MB) however many spoofed sources a flood uses.</li>
     * </ul>
     */
    public static RateLimiterSettings defaults() {
        return new RateLimiterSettings(new RateLimit(5_000, 10_000), new RateLimit(20_000, 40_000),
                new RateLimit(50_000, 100_000), 16_384, 4_096);
    }
}
