package peerconnect.adapter.gossip;

import static peerconnect.domain.SettingChecks.requirePositive;
import static peerconnect.domain.SettingChecks.requireRange;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a gossip node. Every value is checked here, so a bad setting fails when the config is
 * built, with the name of the setting, not later inside the protocol.
 *
 * @param fanout               peers a node forwards a rumor to each time it forwards it
 * @param ttlHops              hops after which a rumor is no longer forwarded (its age is a hop count)
 * @param forwardDecay         per-hop factor of the chance to forward a rumor again when a copy of it
 *                             arrives a second time: {@code max(floor, decay^age)}
 * @param forwardFloor         the least chance to forward again, whatever the age, until the TTL
 * @param maxPayloadBytes      largest payload {@link GossipNode#publish} accepts
 * @param seenCapacity         message ids remembered at once; the oldest is evicted beyond it
 * @param seenExpiry           how long a message id is remembered
 * @param maxSearchResults     answers one search keeps; more are counted and dropped
 * @param maxPendingSearches   searches of this node awaiting answers at once
 * @param searchTimeout        how long a search started without a timeout waits for answers
 * @param antiEntropyInterval  how often a node pulls rumors it missed from a random peer by sending it a
 *                             digest; {@link Duration#ZERO} turns the pull off (pure push)
 * @param antiEntropyWindow    how long a received rumor stays in the digest and can be pulled
 * @param quotas               what other peers can make this node remember ({@link GossipQuotas#defaults()})
 * @param view                 the gossip view: the peers pushes and digests go to ({@link ViewConfig#defaults()})
 */
public record GossipConfig(int fanout, int ttlHops, double forwardDecay, double forwardFloor, int maxPayloadBytes,
                           int seenCapacity, Duration seenExpiry, int maxSearchResults, int maxPendingSearches,
                           Duration searchTimeout, Duration antiEntropyInterval, Duration antiEntropyWindow,
                           GossipQuotas quotas, ViewConfig view) {

    /**
     * Largest payload that still fits a signed rumor into one 1232-byte datagram: 1232 - 34 (envelope)
     * - 127 (a rumor's fixed fields, the origin's key and signature) = 1071.
     */
    public static final int LARGEST_PAYLOAD_BYTES = 1232 - 34 - GossipCodec.RUMOR_FIXED_BYTES;

    public GossipConfig {
        requireRange("fanout", fanout, 1, 64);
        requireRange("ttlHops", ttlHops, 1, 255);
        if (!(forwardDecay > 0 && forwardDecay <= 1)) {
            throw new IllegalArgumentException("forwardDecay must be in (0, 1]: " + forwardDecay);
        }
        if (!(forwardFloor >= 0 && forwardFloor <= 1)) {
            throw new IllegalArgumentException("forwardFloor must be in [0, 1]: " + forwardFloor);
        }
        requireRange("maxPayloadBytes", maxPayloadBytes, 0, LARGEST_PAYLOAD_BYTES);
        requireRange("seenCapacity", seenCapacity, 1, 10_000_000);
        requirePositive("seenExpiry", seenExpiry);
        requireRange("maxSearchResults", maxSearchResults, 1, 100_000);
        requireRange("maxPendingSearches", maxPendingSearches, 1, 100_000);
        requirePositive("searchTimeout", searchTimeout);
        Objects.requireNonNull(antiEntropyInterval, "antiEntropyInterval");
        if (antiEntropyInterval.isNegative()) {
            throw new IllegalArgumentException("antiEntropyInterval must not be negative: " + antiEntropyInterval);
        }
        requirePositive("antiEntropyWindow", antiEntropyWindow);
        if (seenExpiry.compareTo(antiEntropyWindow) < 0) {
            throw new IllegalArgumentException("seenExpiry (" + seenExpiry + ") must not be shorter than"
                    + " antiEntropyWindow (" + antiEntropyWindow + "): a pulled rumor would be delivered again");
        }
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(view, "view");
        if (quotas.seenProtection().compareTo(seenExpiry) > 0) {
            throw new IllegalArgumentException("quotas.seenProtection (" + quotas.seenProtection()
                    + ") must not be longer than seenExpiry (" + seenExpiry + ")");
        }
    }

    /** The settings with {@link ViewConfig#defaults()}. */
    public GossipConfig(int fanout, int ttlHops, double forwardDecay, double forwardFloor, int maxPayloadBytes,
                        int seenCapacity, Duration seenExpiry, int maxSearchResults, int maxPendingSearches,
                        Duration searchTimeout, Duration antiEntropyInterval, Duration antiEntropyWindow,
                        GossipQuotas quotas) {
        this(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity, seenExpiry, maxSearchResults,
                maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow, quotas,
                ViewConfig.defaults());
    }

    /** The settings with {@link GossipQuotas#defaults()}, the protection shortened to {@code seenExpiry} if longer. */
    public GossipConfig(int fanout, int ttlHops, double forwardDecay, double forwardFloor, int maxPayloadBytes,
                        int seenCapacity, Duration seenExpiry, int maxSearchResults, int maxPendingSearches,
                        Duration searchTimeout, Duration antiEntropyInterval, Duration antiEntropyWindow) {
        this(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity, seenExpiry, maxSearchResults,
                maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow,
                defaultQuotasWithin(seenExpiry));
    }

    private static GossipQuotas defaultQuotasWithin(Duration seenExpiry) {
        GossipQuotas d = GossipQuotas.defaults();
        if (seenExpiry == null || d.seenProtection().compareTo(seenExpiry) <= 0) {
            return d;
        }
        return new GossipQuotas(d.maxSeenPerSource(), seenExpiry, d.maxInformedPerRumor());
    }

    /**
     * Defaults for a LAN of up to a few hundred thousand nodes:
     * <ul>
     *   <li>fanout 7, the size of the gossip view ({@link ViewConfig#defaults()}): a rumor is pushed once
     *       to every peer of the view. With fanout 3 over the routing table (the original's choice),
     *       1 node in 1,000 was missed by push and waited for anti-entropy, and nodes few routing
     *       tables held were those missed; pushing to the whole of a shuffled view, where every node is
     *       in about 7 views, reaches 10,000 nodes in 6–7 hops at about 7 datagrams per node;</li>
     *   <li>TTL 24 hops: 2·log₃(N) hops for N up to 3¹² ≈ 530,000 nodes, the spreads we plan for,
     *       yet a stray rumor dies within a bounded number of hops;</li>
     *   <li>decay 0.9 and floor 0.6: a copy arriving again early (a young rumor, still spreading) is
     *       nearly always forwarded, an old one with the original's floor of 0.6; a node stops for good
     *       at its first "no". With the fanout covering the whole view, a later copy finds a peer left
     *       to tell only if shuffles changed the view meanwhile, so a node pushes a rumor about once;</li>
     *   <li>payload up to the largest that fits one 1232-byte datagram: gossip never fragments;</li>
     *   <li>65,536 ids remembered for 10 minutes: about 5 MB, and far longer than a rumor lives
     *       (24 hops of LAN latency are milliseconds), so a late copy is never delivered twice
     *       unless 65,536 newer rumors came in between;</li>
     *   <li>64 results per search and 16 searches at once: a name search is for a person, not a crawl;</li>
     *   <li>searches wait 2 s: a search reaches 10,000 nodes in about 11 hops, a few milliseconds on a
     *       LAN, so 2 s covers slow hosts and busy queues many times over and is still short for a
     *       person waiting;</li>
     *   <li>quotas: {@link GossipQuotas#defaults()};</li>
     *   <li>anti-entropy every 2 s over a 30 s window: a node that push missed (loss, a busy queue)
     *       catches up within seconds, at one small digest per node every 2 s; the shuffles of the
     *       view repair sooner still, about a second after the push is over;</li>
     *   <li>view: {@link ViewConfig#defaults()}.</li>
     * </ul>
     */
    public static GossipConfig defaults() {
        return new GossipConfig(7, 24, 0.9, 0.6, LARGEST_PAYLOAD_BYTES, 65_536, Duration.ofMinutes(10), 64, 16,
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(30));
    }

    /** The same settings with another fanout. */
    public GossipConfig withFanout(int newFanout) {
        return new GossipConfig(newFanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity,
                seenExpiry, maxSearchResults, maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow,
                quotas, view);
    }

    /** The same settings with another anti-entropy interval ({@link Duration#ZERO}: pure push). */
    public GossipConfig withAntiEntropy(Duration interval, Duration window) {
        return new GossipConfig(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity,
                seenExpiry, maxSearchResults, maxPendingSearches, searchTimeout, interval, window, quotas, view);
    }

    /** The same settings with another seen-set capacity and expiry. */
    public GossipConfig withSeenSet(int capacity, Duration expiry) {
        // The protection never outlasts the expiry: a shorter expiry shortens it with it.
        GossipQuotas q = quotas.seenProtection().compareTo(expiry) <= 0 ? quotas
                : new GossipQuotas(quotas.maxSeenPerSource(), expiry, quotas.maxInformedPerRumor());
        return new GossipConfig(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, capacity, expiry,
                maxSearchResults, maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow, q, view);
    }

    /** The same settings with other quotas. */
    public GossipConfig withQuotas(GossipQuotas newQuotas) {
        return new GossipConfig(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity,
                seenExpiry, maxSearchResults, maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow,
                newQuotas, view);
    }

    /** The same settings with another gossip view. */
    public GossipConfig withView(ViewConfig newView) {
        return new GossipConfig(fanout, ttlHops, forwardDecay, forwardFloor, maxPayloadBytes, seenCapacity,
                seenExpiry, maxSearchResults, maxPendingSearches, searchTimeout, antiEntropyInterval, antiEntropyWindow,
                quotas, newView);
    }

    /** Whether nodes pull missed rumors by digest exchange. */
    public boolean antiEntropyEnabled() {
        return !antiEntropyInterval.isZero();
    }

}
