package peerconnect.app.simulate;

import java.time.Duration;

/**
 * What {@link DhtSimulation} simulates.
 *
 * @param nodes   network size, 2..100,000 (the in-memory network has 131,070 addresses)
 * @param lookups lookups of random existing ids
 * @param values  put/get pairs
 * @param churn   fraction of nodes that leave without notice after the puts, in [0, 1)
 * @param loss    probability that a datagram is lost, in [0, 1)
 * @param seed    seeds every random choice
 * @param latency one-way delay of every datagram (a LAN: 1 ms)
 * @param jitter  up to this much more delay, uniformly drawn per datagram
 */
public record DhtSimulationSettings(int nodes, int lookups, int values, double churn, double loss, long seed,
                                    Duration latency, Duration jitter) {
    public DhtSimulationSettings {
        if (nodes < 2 || nodes > 100_000) {
            throw new IllegalArgumentException("nodes must be in 2..100000: " + nodes);
        }
        if (lookups < 0 || values < 0) {
            throw new IllegalArgumentException("lookups and values must not be negative: " + lookups + ", " + values);
        }
        if (!(churn >= 0 && churn < 1)) {
            throw new IllegalArgumentException("churn must be in [0, 1): " + churn);
        }
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
        }
        if (latency.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("latency and jitter must not be negative: " + latency + ", " + jitter);
        }
    }

    /** A LAN: 1 ms one way plus up to 1 ms of jitter. */
    public DhtSimulationSettings(int nodes, int lookups, int values, double churn, double loss, long seed) {
        this(nodes, lookups, values, churn, loss, seed, Duration.ofMillis(1), Duration.ofMillis(1));
    }
}
