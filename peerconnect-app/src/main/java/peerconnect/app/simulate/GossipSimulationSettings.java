package peerconnect.app.simulate;

import java.time.Duration;
import java.util.Objects;
import peerconnect.adapter.gossip.GossipConfig;

/**
 * What a {@link GossipSimulation} runs: network size, traffic, faults and the seed.
 *
 * @param nodes               nodes in the network, at least 2
 * @param rumors              rumors published, one every {@link GossipSimulation#RUMOR_SPACING}, each by a random live node
 * @param fanout              the gossip fanout
 * @param loss                chance that the network loses a datagram, in [0, 1)
 * @param churn               fraction of nodes that crash at a random instant while the rumors are published, in [0, 1)
 * @param duplication         chance that the network delivers a datagram twice, in [0, 1]
 * @param jitter              extra latency drawn per datagram from [0, jitter]; zero keeps one round = one latency
 * @param antiEntropyInterval how often each node pulls missed rumors; {@link Duration#ZERO}: pure push
 * @param payloadBytes        bytes per rumor payload, at least 4 (the rumor's index)
 * @param search              whether to end with a search for the unique name of one node
 * @param seed                seeds every random choice: same settings, same report
 */
record GossipSimulationSettings(int nodes, int rumors, int fanout, double loss, double churn, double duplication,
                                       Duration jitter, Duration antiEntropyInterval, int payloadBytes, boolean search,
                                       long seed) {
    /** Most nodes one simulation may hold: the in-memory network's address range, with room to spare. */
    public static final int MAX_NODES = 100_000;

    public GossipSimulationSettings {
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be in 2.." + MAX_NODES + ": " + nodes);
        }
        if (rumors < 0 || rumors > 100_000) {
            throw new IllegalArgumentException("rumors must be in 0..100000: " + rumors);
        }
        if (fanout < 1 || fanout > 64) {
            throw new IllegalArgumentException("fanout must be in 1..64: " + fanout);
        }
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be in [0, 1): " + loss);
        }
        if (!(churn >= 0 && churn < 1)) {
            throw new IllegalArgumentException("churn must be in [0, 1): " + churn);
        }
        if (!(duplication >= 0 && duplication <= 1)) {
            throw new IllegalArgumentException("duplication must be in [0, 1]: " + duplication);
        }
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(antiEntropyInterval, "antiEntropyInterval");
        if (jitter.isNegative() || antiEntropyInterval.isNegative()) {
            throw new IllegalArgumentException("jitter and antiEntropyInterval must not be negative");
        }
        if (payloadBytes < 4 || payloadBytes > GossipConfig.LARGEST_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payloadBytes must be in 4.." + GossipConfig.LARGEST_PAYLOAD_BYTES
                    + ": " + payloadBytes);
        }
    }

    /**
     * {@code nodes} nodes, {@code rumors} rumors of 64 bytes, the default fanout and anti-entropy
     * interval, a perfect network and one search at the end.
     */
    public static GossipSimulationSettings of(int nodes, int rumors, long seed) {
        GossipConfig d = GossipConfig.defaults();
        return new GossipSimulationSettings(nodes, rumors, d.fanout(), 0, 0, 0, Duration.ZERO,
                d.antiEntropyInterval(), 64, true, seed);
    }

    public GossipSimulationSettings withFanout(int newFanout) {
        return new GossipSimulationSettings(nodes, rumors, newFanout, loss, churn, duplication, jitter,
                antiEntropyInterval, payloadBytes, search, seed);
    }

    public GossipSimulationSettings withFaults(double newLoss, double newChurn) {
        return new GossipSimulationSettings(nodes, rumors, fanout, newLoss, newChurn, duplication, jitter,
                antiEntropyInterval, payloadBytes, search, seed);
    }

    public GossipSimulationSettings withDuplicationAndJitter(double newDuplication, Duration newJitter) {
        return new GossipSimulationSettings(nodes, rumors, fanout, loss, churn, newDuplication, newJitter,
                antiEntropyInterval, payloadBytes, search, seed);
    }

    /** The same settings with another anti-entropy interval; {@link Duration#ZERO} for pure push. */
    public GossipSimulationSettings withAntiEntropy(Duration interval) {
        return new GossipSimulationSettings(nodes, rumors, fanout, loss, churn, duplication, jitter, interval,
                payloadBytes, search, seed);
    }

    public GossipSimulationSettings withSearch(boolean newSearch) {
        return new GossipSimulationSettings(nodes, rumors, fanout, loss, churn, duplication, jitter,
                antiEntropyInterval, payloadBytes, newSearch, seed);
    }
}
