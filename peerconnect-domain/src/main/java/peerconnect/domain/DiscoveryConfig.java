package peerconnect.domain;

import java.time.Duration;

/**
 * Settings of {@link Discovery}.
 *
 * @param firstDelay       wait after the first announcement before the second
 * @param maxDelay         cap of the exponential backoff between announcements while searching
 * @param jitter           each delay is spread uniformly by this fraction either way (0 to below 1)
 * @param activeRounds     announcements sent with backoff before settling into passive waiting
 * @param broadcastRound   from this round on, each announcement also goes out by IPv4 broadcast
 * @param givenPeersRound  the round at which the addresses the user gave are asked to bootstrap
 * @param savedPeersRound  the round at which the contacts saved by the last run are asked
 * @param waitingInterval  re-announce interval while passive and not bootstrapped
 * @param refreshInterval  re-announce interval once bootstrapped, so partitions that heal merge
 * @param freshnessWindow  a signed announcement or answer is accepted only if its timestamp is at most
 *                         this far from the receiver's clock, either way (see {@link DiscoveryAuthenticator})
 * @param replayCapacity   how many accepted (peer id, timestamp) pairs are remembered to refuse replays
 * @param signatureChecks  how many signatures may be checked per second (and in a burst), an eighth of that
 *                         per source address; messages beyond it are refused unchecked, so a flood cannot
 *                         spend the node's CPU on Ed25519. Used by an authenticator with a budget of its
 *                         own (a one-shot {@code discover}); a node's shares the node's one
 *                         {@link SignatureChecker} instead
 */
public record DiscoveryConfig(Duration firstDelay, Duration maxDelay, double jitter, int activeRounds,
                              int broadcastRound, int givenPeersRound, int savedPeersRound,
                              Duration waitingInterval, Duration refreshInterval, Duration freshnessWindow,
                              int replayCapacity, RateLimit signatureChecks) {

    public DiscoveryConfig {
        for (Duration d : new Duration[] {firstDelay, maxDelay, waitingInterval, refreshInterval, freshnessWindow}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("discovery intervals must be positive: " + d);
            }
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        }
        if (activeRounds < 1 || broadcastRound < 0 || givenPeersRound < 0 || savedPeersRound < 0) {
            throw new IllegalArgumentException("discovery rounds must not be negative, active rounds at least 1");
        }
        java.util.Objects.requireNonNull(signatureChecks, "signatureChecks");
        if (replayCapacity < 1) {
            throw new IllegalArgumentException("the discovery replay capacity must be at least 1: " + replayCapacity);
        }
    }

    /** The settings with the default {@link #freshnessWindow}, {@link #replayCapacity} and {@link #signatureChecks}. */
    public DiscoveryConfig(Duration firstDelay, Duration maxDelay, double jitter, int activeRounds, int broadcastRound,
                           int givenPeersRound, int savedPeersRound, Duration waitingInterval,
                           Duration refreshInterval) {
        this(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, givenPeersRound, savedPeersRound,
                waitingInterval, refreshInterval, DEFAULT_FRESHNESS_WINDOW, DEFAULT_REPLAY_CAPACITY,
                DEFAULT_SIGNATURE_CHECKS);
    }

    /**
     * 30 s either way: LAN hosts synced by NTP agree within milliseconds, and even an unsynced laptop
     * rarely drifts that far, while a captured announcement is useless to an attacker half a minute later.
     */
    private static final Duration DEFAULT_FRESHNESS_WINDOW = Duration.ofSeconds(30);
    /**
     * 4,096 pairs: a node hears about one announcement per peer and round, so this covers the window for
     * hundreds of peers; beyond it the oldest are forgotten and everything up to them refused (fail closed).
     */
    private static final int DEFAULT_REPLAY_CAPACITY = 4_096;
    /**
     * 200 a second, bursts of 400: a joined LAN of a thousand nodes sends a few discovery messages a second
     * and a crowd starting at once a few hundred, while a flood held to 200 checks a second costs at most
     * a few tenths of one core (one check took 0.5 to 1.6 ms on a loaded 2-core machine, docs/BENCHMARKS.md).
     */
    private static final RateLimit DEFAULT_SIGNATURE_CHECKS = new RateLimit(200, 400);

    /** These settings with another cap on the backoff while searching. */
    public DiscoveryConfig withMaxDelay(Duration max) {
        return new DiscoveryConfig(firstDelay, max, jitter, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, freshnessWindow, replayCapacity, signatureChecks);
    }

    /** These settings with another jitter (0 for delays that can be checked by table). */
    public DiscoveryConfig withJitter(double spread) {
        return new DiscoveryConfig(firstDelay, maxDelay, spread, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, freshnessWindow, replayCapacity, signatureChecks);
    }

    /** These settings with another number of announcements sent with backoff. */
    public DiscoveryConfig withActiveRounds(int rounds) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, rounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, freshnessWindow, replayCapacity, signatureChecks);
    }

    /**
     * These settings with the given peers asked at round {@code given} and the saved contacts at round
     * {@code saved} (0 and 0: at once, as a node with multicast off does).
     */
    public DiscoveryConfig withFallbackRounds(int given, int saved) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, given, saved,
                waitingInterval, refreshInterval, freshnessWindow, replayCapacity, signatureChecks);
    }

    /** These settings with other re-announce intervals while alone ({@code waiting}) and once joined ({@code refresh}). */
    public DiscoveryConfig withIntervals(Duration waiting, Duration refresh) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waiting, refresh, freshnessWindow, replayCapacity, signatureChecks);
    }

    /** These settings with another freshness window. */
    public DiscoveryConfig withFreshnessWindow(Duration window) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, window, replayCapacity, signatureChecks);
    }

    /** These settings with another replay capacity. */
    public DiscoveryConfig withReplayCapacity(int capacity) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, freshnessWindow, capacity, signatureChecks);
    }

    /** These settings with another budget of signature checks. */
    public DiscoveryConfig withSignatureChecks(RateLimit limit) {
        return new DiscoveryConfig(firstDelay, maxDelay, jitter, activeRounds, broadcastRound, givenPeersRound,
                savedPeersRound, waitingInterval, refreshInterval, freshnessWindow, replayCapacity, limit);
    }

    /**
     * LAN defaults: a first answer usually comes within one round trip, so 250 ms; doubling to 8 s
     * over 6 rounds (about 16 s of searching) keeps a starting crowd from flooding the group; broadcast
     * joins from round 2 because some networks (Wi-Fi with IGMP snooping, some VPNs) drop multicast;
     * peers the user named are tried from round 3 and saved contacts from round 4, after the LAN had a
     * fair chance, since either may be stale; 30 s while alone and 5 min once joined keep announcement
     * traffic negligible while still merging two islands when a partition heals.
     */
    public static DiscoveryConfig defaults() {
        return new DiscoveryConfig(Duration.ofMillis(250), Duration.ofSeconds(8), 0.2, 6, 2, 3, 4,
                Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
