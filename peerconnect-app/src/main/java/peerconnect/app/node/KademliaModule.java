package peerconnect.app.node;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.random.RandomGenerator;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.app.settings.NodeSettings;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureChecker;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/** The Kademlia adapter behind the {@link DistributedHashTable} and {@link PeerDirectory} ports. */
final class KademliaModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DistributedHashTable.class).to(KademliaNode.class);
        // Gossip learns its peers from the DHT's routing table, through the port only.
        bind(PeerDirectory.class).to(KademliaNode.class);
    }

    @Provides
    @Singleton
    KademliaNode kademlia(NodeTuning tuning, NodeSettings settings, PeerRecord self, NodeKey key, RequestsDispatcher dispatcher,
                          Scheduler scheduler, RandomGenerator random, NodeStateStore store,
                          SignatureChecker checker) {
        // Creating registers nothing; the node answers only once the lifecycle starts it. Its peer-list
        // record is signed with the node key, and records are checked under the node's one budget. How it
        // judges its contacts' liveness is a user setting, the rest of the DHT's settings tuning.
        return KademliaNodes.create(tuning.kademlia().withLiveness(settings.liveness()), self, java.util.Optional.of(key), dispatcher, scheduler,
                random, store, checker);
    }
}
