package peerconnect.domain;

import java.util.random.RandomGenerator;

/**
 * A 64-bit message identifier. A reply carries the id of its request; requests draw a fresh random
 * id, so a reply cannot be matched by guessing a counter.
 */
public record MessageId(long value) {
    public static MessageId random(RandomGenerator random) {
        return new MessageId(random.nextLong());
    }

    @Override
    public String toString() {
        return String.format("%016x", value);
    }
}
