package peerconnect.adapter.kademlia;

import static peerconnect.domain.SettingChecks.requirePositive;
import static peerconnect.domain.SettingChecks.requireRange;

import java.time.Duration;

/**
 * How this node tells a live contact from a dead one: when a contact turns questionable or bad, how
 * it is rechecked, and how long one attempt of a call to it waits. The states and their moves are in
 * {@code docs/PROTOCOL.md} ("Liveness", "Timeouts").
 *
 * @param questionableAfter       a good contact not heard from for this long is questionable
 * @param badAfterFailures        missed calls in a row that make a contact bad (after its first miss,
 *                                only rechecks count)
 * @param evictAloneAfterFailures missed calls in a row after which a bad contact leaves the table even
 *                                when no live replacement waits for its bucket
 * @param firstRecheck            delay before a contact that missed a call is pinged again; it doubles
 *                                with every further miss
 * @param maxRecheck              longest delay between two rechecks of a contact
 * @param recheckRetries          further attempts of a recheck ping after a timeout; more than an
 *                                ordinary call's {@link KademliaConfig#rpcRetries()}, since a recheck
 *                                exists to tell a lost datagram from a dead peer
 * @param minAttemptTimeout       shortest wait of one attempt, however fast a contact answered before
 * @param maxAttemptTimeout       longest wait of one attempt, retries (which wait twice as long as the
 *                                attempt before) included
 */
public record LivenessConfig(Duration questionableAfter, int badAfterFailures, int evictAloneAfterFailures,
                             Duration firstRecheck, Duration maxRecheck, int recheckRetries,
                             Duration minAttemptTimeout, Duration maxAttemptTimeout) {

    /** Most further attempts of one recheck: each waits twice as long as the one before, so a dead peer's cost grows fast. */
    public static final int MAX_RECHECK_RETRIES = 10;

    /**
     * @throws IllegalArgumentException naming the first value out of range, or two that are out of order
     *                                  ({@code badAfterFailures <= evictAloneAfterFailures},
     *                                  {@code firstRecheck <= maxRecheck},
     *                                  {@code minAttemptTimeout <= maxAttemptTimeout})
     */
    public LivenessConfig {
        requirePositive("questionableAfter", questionableAfter);
        requireRange("badAfterFailures", badAfterFailures, 1, 100);
        requireRange("evictAloneAfterFailures", evictAloneAfterFailures, badAfterFailures, 100);
        requirePositive("firstRecheck", firstRecheck);
        requirePositive("maxRecheck", maxRecheck);
        if (maxRecheck.compareTo(firstRecheck) < 0) {
            throw new IllegalArgumentException("maxRecheck " + maxRecheck + " must not be shorter than firstRecheck "
                    + firstRecheck);
        }
        requireRange("recheckRetries", recheckRetries, 1, MAX_RECHECK_RETRIES);
        requirePositive("minAttemptTimeout", minAttemptTimeout);
        requirePositive("maxAttemptTimeout", maxAttemptTimeout);
        if (maxAttemptTimeout.compareTo(minAttemptTimeout) < 0) {
            throw new IllegalArgumentException("maxAttemptTimeout " + maxAttemptTimeout
                    + " must not be shorter than minAttemptTimeout " + minAttemptTimeout);
        }
    }

    /**
     * Defaults for a LAN that may lose one datagram in ten:
     * <ul>
     *   <li>questionableAfter 15 min: BEP 5's figure; a quiet contact is pinged before it is trusted
     *       for long, and a LAN of a few hundred peers hears from most of its contacts far more often.</li>
     *   <li>badAfterFailures 3: under 10 % loss one attempt fails with probability 0.19, a two-attempt
     *       call with 0.036 and a four-attempt recheck with 0.0013, so after the first miss two missed
     *       rechecks happen to a live peer with probability about 2e-6, and to a dead one within
     *       seconds.</li>
     *   <li>evictAloneAfterFailures 5: a dead contact that nobody replaces still leaves, some 30 s
     *       after its first miss, instead of staying in a bucket for ever.</li>
     *   <li>firstRecheck 1 s, doubling, maxRecheck 30 s: a restarted peer or a lost datagram is sorted
     *       out within seconds, while a dead contact costs at most one ping (four attempts) per 30 s.</li>
     *   <li>recheckRetries 3: four attempts (the 0.0013 above); a dead peer costs about 4 s per
     *       recheck (250 + 500 + 1000 + 2000 ms).</li>
     *   <li>minAttemptTimeout 250 ms: a garbage-collection pause or a busy host (tens of milliseconds)
     *       does not turn into a missed call, while a datagram lost to a peer 1 ms away is retried well
     *       before the 1 s {@link KademliaConfig#rpcTimeout()}.</li>
     *   <li>maxAttemptTimeout 3 s: three times that 1 s, so a swamped peer whose answers slowed down
     *       still answers in time, and a lookup waits on a dead one at most that long per attempt.</li>
     * </ul>
     */
    public static LivenessConfig defaults() {
        return new LivenessConfig(Duration.ofMinutes(15), 3, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), 3,
                Duration.ofMillis(250), Duration.ofSeconds(3));
    }
}
