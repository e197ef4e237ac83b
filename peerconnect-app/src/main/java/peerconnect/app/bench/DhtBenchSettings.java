package peerconnect.app.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code bench dht} runs.
 *
 * @param nodes         Kademlia nodes, each on its own UDP socket on 127.0.0.1 (2..{@link #MAX_NODES})
 * @param lookups       lookups of random existing ids from random nodes, one after another (1..{@link #MAX_LOOKUPS})
 * @param joinsInFlight joins started and not yet done at most, the first bootstrap point being node 0
 * @param settle        how long the formed network runs before the join's RPCs are counted: a join
 *                      defers its empty-bucket refreshes and peer-list registration to the first
 *                      one-minute maintenance tick, and that work is part of what it costs
 * @param seed          seeds the ids, the bootstrap choices and the lookups
 */
record DhtBenchSettings(int nodes, int lookups, int joinsInFlight, Duration settle, long seed) {
    /** Most nodes: a socket and a virtual thread each; 2,000 sockets stay under common file limits. */
    static final int MAX_NODES = 2_000;
    static final int MAX_LOOKUPS = 10_000;
    static final Duration MAX_SETTLE = Duration.ofMinutes(5);

    DhtBenchSettings {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be in 2.." + MAX_NODES + ": " + nodes);
        }
        if (lookups < 1 || lookups > MAX_LOOKUPS) {
            throw new IllegalArgumentException("lookups must be in 1.." + MAX_LOOKUPS + ": " + lookups);
        }
        if (joinsInFlight < 1 || joinsInFlight > 256) {
            throw new IllegalArgumentException("joins in flight must be in 1..256: " + joinsInFlight);
        }
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative() || settle.compareTo(MAX_SETTLE) > 0) {
            throw new IllegalArgumentException("settle must be in 0.." + MAX_SETTLE + ": " + settle);
        }
    }
}
