package peerconnect.app.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.random.RandomGenerator;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.gossip.GossipNodes;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.Gossip;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/** The gossip adapter behind the {@link Gossip} port; its peers come from the {@link PeerDirectory} port. */
final class GossipModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Gossip.class).to(GossipNode.class);
    }

    @Provides
    @Singleton
    GossipNode gossip(NodeTuning tuning, PeerRecord self, NodeKey key, RequestsDispatcher dispatcher,
                      Scheduler scheduler, RandomGenerator random, PeerDirectory peers, SignatureChecker checker) {
        // Creating registers the gossip handler at once, so the lifecycle asks for it only in its turn.
        return GossipNodes.create(fitted(tuning.gossip(), dispatcher.codec()), key, self.name(), dispatcher,
                scheduler, random, peers, checker);
    }

    /**
     * {@code config} with its payload limit lowered by as much as the codec's datagram is below the default:
     * with a network key the envelope must leave room for the seal's 29 bytes, and so must every rumor.
     * Every other setting, the quotas included, stays as given.
     */
    static GossipConfig fitted(GossipConfig config, EnvelopeCodec codec) {
        int shrink = EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES - codec.maxDatagramBytes();
        if (shrink <= 0 || config.maxPayloadBytes() <= GossipConfig.LARGEST_PAYLOAD_BYTES - shrink) {
            return config;
        }
        return new GossipConfig(config.fanout(), config.ttlHops(), config.forwardDecay(), config.forwardFloor(),
                Math.max(0, GossipConfig.LARGEST_PAYLOAD_BYTES - shrink), config.seenCapacity(), config.seenExpiry(),
                config.maxSearchResults(), config.maxPendingSearches(), config.searchTimeout(),
                config.antiEntropyInterval(), config.antiEntropyWindow()).withQuotas(config.quotas());
    }
}
