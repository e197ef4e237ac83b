package peerconnect.adapter.gossip;

import java.util.random.RandomGenerator;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.PeerDirectory;
import peerconnect.domain.Scheduler;

/** Makes gossip nodes: the adapter's one entry point. */
public final class GossipNodes {
    private GossipNodes() {
    }

    /**
     * A gossip node for {@code self} named {@code name}; registers its handler on the dispatcher for
     * {@link RootCode#GOSSIP} and, if the config asks for anti-entropy, schedules its digests.
     *
     * @param config     protocol settings
     * @param self       this node's id (the dispatcher's)
     * @param name       what searches match against; at most 255 bytes of UTF-8
     * @param dispatcher sends and receives the datagrams
     * @param scheduler  the clock for the seen-set and timers for searches and anti-entropy
     * @param random     draws message ids, peers and coin tosses; used under the node's lock
     * @param peers      where peers come from (the DHT's routing table in the app)
     * @throws IllegalStateException    if the dispatcher already has a gossip handler
     * @throws IllegalArgumentException if the name is too long, or the largest payload does not fit
     *                                  the dispatcher's datagrams
     */
    public static GossipNode create(GossipConfig config, PeerId self, String name, RequestsDispatcher dispatcher,
                                    Scheduler scheduler, RandomGenerator random, PeerDirectory peers) {
        GossipEngine node = new GossipEngine(config, self, name, dispatcher, scheduler, random, peers);
        node.start();
        return node;
    }
}
