package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import java.time.Duration;
import java.util.Objects;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DispatcherConfig;

/**
 * Protocol settings of one node that are not user settings ({@link NodeSettings}): what tests and
 * simulations tune (shorter intervals on virtual time) and users normally never see.
 *
 * @param dispatcher        queues, workers, pending replies
 * @param kademlia          the DHT, except its {@link KademliaConfig#liveness()}, which is the user's
 *                          ({@link NodeSettings#liveness()}) and replaces this one
 * @param gossip            rumor mongering and search
 * @param discovery         announcement backoff and refresh
 * @param bootstrapPoll     how often discovery checks whether the DHT is (still) bootstrapped, so a DHT
 *                          that lost every contact starts discovery again and one joined by others'
 *                          requests stops searching
 * @param contactsSaveEvery how often the contacts discovery falls back to next time are checked, and
 *                          saved if they changed
 */
public record NodeTuning(DispatcherConfig dispatcher, KademliaConfig kademlia, GossipConfig gossip,
                         DiscoveryConfig discovery, Duration bootstrapPoll, Duration contactsSaveEvery) {
    public NodeTuning {
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(kademlia, "kademlia");
        Objects.requireNonNull(gossip, "gossip");
        Objects.requireNonNull(discovery, "discovery");
        if (bootstrapPoll.isNegative() || bootstrapPoll.isZero() || contactsSaveEvery.isNegative()
                || contactsSaveEvery.isZero()) {
            throw new IllegalArgumentException("poll and save intervals must be positive");
        }
    }

    /**
     * LAN defaults of each protocol; the DHT is polled every 10 s (a lost DHT is noticed well before
     * the 5-minute refresh announcement); contacts are checked every 2 s and written only when they
     * changed (rare on a LAN), so a node killed with SIGKILL seconds after joining still finds its
     * peers again, while Kademlia saves its full state only every 5 minutes and on a clean stop.
     */
    public static NodeTuning defaults() {
        return new NodeTuning(DispatcherConfig.defaults(), KademliaConfig.defaults(), GossipConfig.defaults(),
                DiscoveryConfig.defaults(), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public NodeTuning withDiscovery(DiscoveryConfig config) {
        return new NodeTuning(dispatcher, kademlia, gossip, config, bootstrapPoll, contactsSaveEvery);
    }

    NodeTuning withKademlia(KademliaConfig config) {
        return new NodeTuning(dispatcher, config, gossip, discovery, bootstrapPoll, contactsSaveEvery);
    }

    public NodeTuning withBootstrapPoll(Duration poll) {
        return new NodeTuning(dispatcher, kademlia, gossip, discovery, poll, contactsSaveEvery);
    }
}
