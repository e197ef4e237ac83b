package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Objects;
import peerconnect.ports.memory.NetworkConditions;

/**
 * How bad the simulated LAN is: every copy of every datagram is lost with probability {@code loss},
 * delayed by {@code delay ± jitter} (uniform), and duplicated with probability {@code duplication}.
 * Reordering follows from the jitter: two datagrams sent less than {@code 2 * jitter} apart may
 * arrive in either order. The in-memory network applies it ({@link #conditions()}), seeded.
 *
 * @param loss        probability that a datagram is lost, in [0, 1)
 * @param delay       mean one-way delay
 * @param jitter      largest deviation from the mean delay, at most {@code delay}
 * @param duplication probability that a datagram arrives twice, in [0, 1)
 */
public record FaultModel(double loss, Duration delay, Duration jitter, double duplication) {
    /** Checks every figure is within its range. */
    public FaultModel {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (!(loss >= 0 && loss < 1) || !(duplication >= 0 && duplication < 1)) {
            throw new IllegalArgumentException("loss and duplication must be in [0, 1): " + loss + ", " + duplication);
        }
        if (delay.isNegative() || jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("need 0 <= jitter <= delay: " + jitter + ", " + delay);
        }
    }

    /** The bad LAN of the field reports: 10 % loss, 30 ± 10 ms, 1 % duplication. */
    public static FaultModel badLan() {
        return new FaultModel(0.10, Duration.ofMillis(30), Duration.ofMillis(10), 0.01);
    }

    /** The network conditions that carry this model out: base {@code delay - jitter} plus up to {@code 2 * jitter}. */
    public NetworkConditions conditions() {
        return NetworkConditions.perfect().withLatency(delay.minus(jitter), jitter.multipliedBy(2)).withLoss(loss)
                .withDuplication(duplication);
    }
}
