package peerconnect.adapter.kademlia;

import static peerconnect.domain.SettingChecks.requirePositive;
import static peerconnect.domain.SettingChecks.requireRange;

import java.time.Duration;
import java.util.Objects;
import peerconnect.domain.EnvelopeCodec;

/**
 * Settings of a Kademlia node. Every peer of one network should use the same {@code k}.
 *
 * @param k                    contacts per bucket, and replicas per value (paper, section 2.2)
 * @param alpha                queries a lookup keeps in flight (paper, section 2.3)
 * @param rpcTimeout           how long one attempt of an RPC waits for its reply
 * @param rpcRetries           further attempts after a timeout before a peer counts as unreachable
 * @param maxValueBytes        largest value accepted by {@code put} and by STORE
 * @param valueTtl             how long a stored value lives unless republished
 * @param republishInterval    how often the original publisher stores its values again
 * @param refreshInterval      a bucket with no lookup for this long is refreshed
 * @param replacementCacheSize contacts remembered per full bucket to replace failing ones
 * @param maxStoredValues      values this node holds for others at most
 * @param maxPeerListEntries   peers one peer list holds at most
 * @param peerListInterval     how often this node stores its own contact in its peer list
 * @param contactFreshness     a full bucket's least-recently-seen contact heard from within this is
 *                             kept without a ping
 * @param snapshotInterval     how often the routing table and values are saved (also at start and on
 *                             stop), compacting the journal of value changes
 * @param maintenanceInterval  period of the housekeeping tick (expiry, refresh, republish, save)
 * @param quotas               what other peers can make this node hold ({@link KademliaQuotas#defaults()})
 * @param liveness             when a contact is questionable or bad, how it is rechecked and how long one
 *                             attempt to it waits ({@link LivenessConfig#defaults()})
 */
public record KademliaConfig(int k, int alpha, Duration rpcTimeout, int rpcRetries, int maxValueBytes,
                             Duration valueTtl, Duration republishInterval, Duration refreshInterval,
                             int replacementCacheSize, int maxStoredValues, int maxPeerListEntries,
                             Duration peerListInterval, Duration contactFreshness, Duration snapshotInterval,
                             Duration maintenanceInterval, KademliaQuotas quotas, LivenessConfig liveness) {

    /** Largest value that fits a STORE in a default 1232-byte datagram (1198-byte body − 26-byte STORE header). */
    public static final int LARGEST_VALUE_BYTES = EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES - EnvelopeCodec.HEADER_BYTES
            - KademliaCodec.STORE_OVERHEAD;

    public KademliaConfig {
        requireRange("k", k, 1, ReplyCodec.MAX_CONTACTS);
        requireRange("alpha", alpha, 1, k);
        requirePositive("rpcTimeout", rpcTimeout);
        requireRange("rpcRetries", rpcRetries, 0, 10);
        requireRange("maxValueBytes", maxValueBytes, 1, LARGEST_VALUE_BYTES);
        requirePositive("valueTtl", valueTtl);
        requirePositive("republishInterval", republishInterval);
        requirePositive("refreshInterval", refreshInterval);
        requireRange("replacementCacheSize", replacementCacheSize, 0, 1000);
        requireRange("maxStoredValues", maxStoredValues, 1, Integer.MAX_VALUE);
        requireRange("maxPeerListEntries", maxPeerListEntries, 1, 100_000);
        requirePositive("peerListInterval", peerListInterval);
        Objects.requireNonNull(contactFreshness, "contactFreshness");
        if (contactFreshness.isNegative()) {
            throw new IllegalArgumentException("contactFreshness must not be negative: " + contactFreshness);
        }
        requirePositive("snapshotInterval", snapshotInterval);
        requirePositive("maintenanceInterval", maintenanceInterval);
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(liveness, "liveness");
        if (rpcTimeout.compareTo(liveness.minAttemptTimeout()) < 0
                || rpcTimeout.compareTo(liveness.maxAttemptTimeout()) > 0) {
            throw new IllegalArgumentException("rpcTimeout " + rpcTimeout + " must lie within minAttemptTimeout "
                    + liveness.minAttemptTimeout() + " and maxAttemptTimeout " + liveness.maxAttemptTimeout()
                    + ": it is the first attempt's wait before a round trip is measured");
        }
        if (liveness.recheckRetries() <= rpcRetries) {
            throw new IllegalArgumentException("recheckRetries " + liveness.recheckRetries()
                    + " must be more than rpcRetries " + rpcRetries + ": a recheck tries harder than an ordinary call");
        }
        if (republishInterval.compareTo(valueTtl) >= 0) {
            throw new IllegalArgumentException("republishInterval " + republishInterval
                    + " must be shorter than valueTtl " + valueTtl + ", or values expire between republishes");
        }
    }

    /** The settings with the {@link LivenessConfig#defaults()}. */
    public KademliaConfig(int k, int alpha, Duration rpcTimeout, int rpcRetries, int maxValueBytes,
                          Duration valueTtl, Duration republishInterval, Duration refreshInterval,
                          int replacementCacheSize, int maxStoredValues, int maxPeerListEntries,
                          Duration peerListInterval, Duration contactFreshness, Duration snapshotInterval,
                          Duration maintenanceInterval, KademliaQuotas quotas) {
        this(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval, refreshInterval,
                replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval, contactFreshness,
                snapshotInterval, maintenanceInterval, quotas, LivenessConfig.defaults());
    }

    /**
     * The settings without quotas or liveness of their own: {@link KademliaQuotas#defaults()},
     * {@link LivenessConfig#defaults()}.
     */
    public KademliaConfig(int k, int alpha, Duration rpcTimeout, int rpcRetries, int maxValueBytes, Duration valueTtl,
                          Duration republishInterval, Duration refreshInterval, int replacementCacheSize,
                          int maxStoredValues, int maxPeerListEntries, Duration peerListInterval,
                          Duration contactFreshness, Duration snapshotInterval, Duration maintenanceInterval) {
        this(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval, refreshInterval,
                replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval, contactFreshness,
                snapshotInterval, maintenanceInterval, KademliaQuotas.defaults());
    }

    /**
     * Defaults for a LAN:
     * <ul>
     *   <li>k = 20: the paper's choice, so that all k contacts of a bucket are unlikely to fail within
     *       an hour; 20 IPv6 contacts (780 bytes) still fit one 1232-byte reply.</li>
     *   <li>alpha = 3: the paper's parallelism; more speeds little and multiplies traffic.</li>
     *   <li>rpcTimeout 1 s: a LAN round trip is under 10 ms, so 1 s only gives up on a peer that is
     *       gone or swamped, and a lookup routes around it quickly.</li>
     *   <li>rpcRetries 1: one lost datagram (request or reply) should not make a live peer look dead;
     *       two in a row on a LAN is rare enough to mean trouble.</li>
     *   <li>maxValueBytes 1024: a value is a small record (an address, a key, a name), and the STORE
     *       carrying it must fit one datagram ({@link #LARGEST_VALUE_BYTES} at most).</li>
     *   <li>valueTtl 1 h with republishInterval 20 min: a value outlives two missed republishes, and
     *       disappears within the hour once its publisher leaves.</li>
     *   <li>refreshInterval 1 h: the paper's bucket refresh period.</li>
     *   <li>replacementCacheSize 8: enough spares to refill a bucket after a few departures without
     *       re-lookups, small enough that 10,000 simulated nodes stay within memory.</li>
     *   <li>maxStoredValues 4096: at most 4 MiB of others' values per node.</li>
     *   <li>maxPeerListEntries 256: a peer list covers 1/20 of the id space, so 256 entries hold
     *       a LAN of about 5,000 peers; one reply carries 11 or more of them.</li>
     *   <li>peerListInterval 10 min: entries expire after three intervals, so a departed peer leaves
     *       the lists within half an hour.</li>
     *   <li>contactFreshness 30 s: a contact heard from that recently is alive with high
     *       probability; pinging it again would cost a round trip and prove nothing.</li>
     *   <li>snapshotInterval 5 min: a crash loses at most five minutes of routing-table changes
     *       (values lose nothing: every change to them is journaled as it happens); it also bounds
     *       the journal replayed at start to five minutes of changes.</li>
     *   <li>maintenanceInterval 1 min: the finest period any of the above needs.</li>
     *   <li>quotas: {@link KademliaQuotas#defaults()}.</li>
     *   <li>liveness: {@link LivenessConfig#defaults()}.</li>
     * </ul>
     */
    public static KademliaConfig defaults() {
        return new KademliaConfig(20, 3, Duration.ofSeconds(1), 1, 1024, Duration.ofHours(1),
                Duration.ofMinutes(20), Duration.ofHours(1), 8, 4096, 256, Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(1));
    }

    /** The same settings with another bucket size. */
    public KademliaConfig withK(int newK) {
        return new KademliaConfig(newK, Math.min(alpha, newK), rpcTimeout, rpcRetries, maxValueBytes, valueTtl,
                republishInterval, refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries,
                peerListInterval, contactFreshness, snapshotInterval, maintenanceInterval, quotas, liveness);
    }

    /** The same settings with another RPC timeout and retry count. */
    public KademliaConfig withRpc(Duration timeout, int retries) {
        return new KademliaConfig(k, alpha, timeout, retries, maxValueBytes, valueTtl, republishInterval,
                refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval,
                contactFreshness, snapshotInterval, maintenanceInterval, quotas, liveness);
    }

    /** The same settings with another value lifetime and republish period. */
    public KademliaConfig withValueTtl(Duration ttl, Duration republish) {
        return new KademliaConfig(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, ttl, republish,
                refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval,
                contactFreshness, snapshotInterval, maintenanceInterval, quotas, liveness);
    }

    /** The same settings with another period between two saves of the state. */
    public KademliaConfig withSnapshotInterval(Duration interval) {
        return new KademliaConfig(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval,
                refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval,
                contactFreshness, interval, maintenanceInterval, quotas, liveness);
    }

    /** The same settings with another bound on the values held for others. */
    public KademliaConfig withMaxStoredValues(int values) {
        return new KademliaConfig(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval,
                refreshInterval, replacementCacheSize, values, maxPeerListEntries, peerListInterval,
                contactFreshness, snapshotInterval, maintenanceInterval, quotas, liveness);
    }

    /** The same settings with other quotas. */
    public KademliaConfig withQuotas(KademliaQuotas newQuotas) {
        return new KademliaConfig(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval,
                refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval,
                contactFreshness, snapshotInterval, maintenanceInterval, newQuotas, liveness);
    }

    /** The same settings with other liveness rules and attempt timeouts. */
    public KademliaConfig withLiveness(LivenessConfig newLiveness) {
        return new KademliaConfig(k, alpha, rpcTimeout, rpcRetries, maxValueBytes, valueTtl, republishInterval,
                refreshInterval, replacementCacheSize, maxStoredValues, maxPeerListEntries, peerListInterval,
                contactFreshness, snapshotInterval, maintenanceInterval, quotas, newLiveness);
    }
}
