package peerconnect.app.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code bench gossip} runs.
 *
 * @param nodes  gossip nodes, each on its own UDP socket on 127.0.0.1 (2..{@link #MAX_NODES})
 * @param rumors rumors published one at a time, each by a random node (1..{@link #MAX_RUMORS})
 * @param settle how long the nodes run after the DHT is formed and before the first rumor, as a
 *               node that has been up a while (at most {@link #MAX_SETTLE})
 * @param seed   seeds ids, the join order and the publishers
 */
record GossipBenchSettings(int nodes, int rumors, Duration settle, long seed) {
    /** Most nodes: a socket and a virtual thread each; 1,000 sockets stay under common file limits. */
    static final int MAX_NODES = 1_000;
    /** Most rumors: at {@link GossipBenchmark#RUMOR_TIMEOUT} each at worst, a run stays bounded. */
    static final int MAX_RUMORS = 1_000;
    static final Duration MAX_SETTLE = Duration.ofMinutes(5);

    GossipBenchSettings {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be in 2.." + MAX_NODES + ": " + nodes);
        }
        if (rumors < 1 || rumors > MAX_RUMORS) {
            throw new IllegalArgumentException("rumors must be in 1.." + MAX_RUMORS + ": " + rumors);
        }
        Objects.requireNonNull(settle, "settle");
        if (settle.isNegative() || settle.compareTo(MAX_SETTLE) > 0) {
            throw new IllegalArgumentException("settle must be in 0.." + MAX_SETTLE + ": " + settle);
        }
    }
}
