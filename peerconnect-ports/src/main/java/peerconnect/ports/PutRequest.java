package peerconnect.ports;

import java.time.Duration;
import java.util.Objects;
import peerconnect.domain.PeerId;

/**
 * A value to publish in the DHT: under which key, and for how long its publisher keeps it alive.
 *
 * @param key      where the value lives (a point in the id space)
 * @param value    the bytes (the DHT bounds their size)
 * @param lifetime how long the value is republished and held; {@link #UNTIL_DELETED} (the default)
 *                 keeps it while its publisher runs, until {@link DistributedHashTable#delete}
 */
public record PutRequest(PeerId key, byte[] value, Duration lifetime) {
    /** The lifetime of a value republished until its publisher deletes it or stops for good. */
    public static final Duration UNTIL_DELETED = Duration.ofSeconds(Long.MAX_VALUE);

    public PutRequest {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a lifetime is positive, got " + lifetime);
        }
    }

    /** A value kept until deleted. */
    public static PutRequest of(PeerId key, byte[] value) {
        return new PutRequest(key, value, UNTIL_DELETED);
    }

    /** Whether the value is kept until deleted. */
    public boolean untilDeleted() {
        return lifetime.equals(UNTIL_DELETED);
    }

    @Override
    public byte[] value() {
        return value.clone();
    }
}
