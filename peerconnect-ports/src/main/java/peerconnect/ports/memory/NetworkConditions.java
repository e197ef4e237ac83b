package peerconnect.ports.memory;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link InMemoryNetwork} treats every copy of a datagram it carries. Each copy is lost with
 * probability {@code lossProbability}; otherwise it arrives after {@code baseLatency} plus a jitter
 * drawn uniformly from {@code [0, jitter]}. Because every copy draws its own jitter, datagrams sent
 * close together may arrive out of order: reordering emerges from jitter rather than from a knob of
 * its own. With probability {@code duplicationProbability} the network adds one extra copy, which
 * draws its own loss and latency (it is never duplicated again).
 *
 * @param lossProbability        chance in [0, 1] that a copy is lost
 * @param baseLatency            delay every copy has at least; not negative
 * @param jitter                 largest extra delay, drawn uniformly per copy; not negative
 * @param duplicationProbability chance in [0, 1] that a datagram is delivered twice
 */
public record NetworkConditions(double lossProbability, Duration baseLatency, Duration jitter,
                                double duplicationProbability) {

    public NetworkConditions {
        probability("lossProbability", lossProbability);
        probability("duplicationProbability", duplicationProbability);
        nonNegative("baseLatency", baseLatency);
        nonNegative("jitter", jitter);
    }

    /**
     * No loss, no duplication, no latency: a datagram arrives at the same virtual instant it was
     * sent, yet after every task already due then, so delivery is never re-entrant.
     */
    public static NetworkConditions perfect() {
        return new NetworkConditions(0, Duration.ZERO, Duration.ZERO, 0);
    }

    /** The same conditions with another loss probability. */
    public NetworkConditions withLoss(double probability) {
        return new NetworkConditions(probability, baseLatency, jitter, duplicationProbability);
    }

    /** The same conditions with another latency: {@code base} plus up to {@code jitter}. */
    public NetworkConditions withLatency(Duration base, Duration jitter) {
        return new NetworkConditions(lossProbability, base, jitter, duplicationProbability);
    }

    /** The same conditions with another duplication probability. */
    public NetworkConditions withDuplication(double probability) {
        return new NetworkConditions(lossProbability, baseLatency, jitter, probability);
    }

    private static void probability(String name, double p) {
        // Written so that NaN fails too.
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }

    private static void nonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + d);
        }
    }
}
