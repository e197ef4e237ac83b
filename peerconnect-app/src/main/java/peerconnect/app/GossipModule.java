package peerconnect.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.random.RandomGenerator;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.Gossip;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.Scheduler;

/** The gossip adapter behind the {@link Gossip} port; its peers come from the {@link PeerDirectory} port. */
final class GossipModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(Gossip.class).to(GossipNode.class);
    }

    @Provides
    @Singleton
    GossipNode gossip(NodeTuning tuning, PeerRecord self, RequestsDispatcher dispatcher, Scheduler scheduler,
                      RandomGenerator random, PeerDirectory peers) {
        // Creating registers the gossip handler at once, so the lifecycle asks for it only in its turn.
        return GossipNode.create(tuning.gossip(), self.contact().id(), self.name(), dispatcher, scheduler, random,
                peers);
    }
}
