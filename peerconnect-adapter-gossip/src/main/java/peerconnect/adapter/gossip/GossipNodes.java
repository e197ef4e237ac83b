package peerconnect.adapter.gossip;

import java.util.random.RandomGenerator;
import peerconnect.domain.NodeKey;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.Scheduler;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.ports.PeerDirectory;

/** Makes gossip nodes: the adapter's one entry point. */
public final class GossipNodes {
    private GossipNodes() {
    }

    /**
     * A gossip node for the peer of {@code key} named {@code name}; registers its handler on the
     * dispatcher for {@link RootCode#GOSSIP} and, if the config asks for anti-entropy, schedules its
     * digests. Its rumors are signed with {@code key}; received rumors are checked by {@code checker},
     * which the node may share with its other protocols so that one budget covers all their checks.
     *
     * @param config     protocol settings
     * @param key        this node's key; its peer id must be the dispatcher's
     * @param name       what searches match against; at most 255 bytes of UTF-8
     * @param dispatcher sends and receives the datagrams
     * @param scheduler  the clock for the seen-set and timers for searches and anti-entropy
     * @param random     draws message ids, peers and coin tosses; used under the node's lock
     * @param peers      where peers come from (the DHT's routing table in the app)
     * @param checker    checks the origins' signatures on received rumors, under its budget
     * @throws IllegalStateException    if the dispatcher already has a gossip handler
     * @throws IllegalArgumentException if the name is too long, or the largest payload does not fit
     *                                  the dispatcher's datagrams
     */
    public static GossipNode create(GossipConfig config, NodeKey key, String name, RequestsDispatcher dispatcher,
                                    Scheduler scheduler, RandomGenerator random, PeerDirectory peers,
                                    SignatureChecker checker) {
        GossipEngine node = new GossipEngine(config, key, name, dispatcher, scheduler, random, peers, checker);
        node.start();
        return node;
    }

    /**
     * {@link #create(GossipConfig, NodeKey, String, RequestsDispatcher, Scheduler, RandomGenerator,
     * PeerDirectory, SignatureChecker)} with a checker of its own: the default budget
     * ({@link SignatureCheckSettings#defaults()}) and Ed25519, on the scheduler's clock.
     */
    public static GossipNode create(GossipConfig config, NodeKey key, String name, RequestsDispatcher dispatcher,
                                    Scheduler scheduler, RandomGenerator random, PeerDirectory peers) {
        return create(config, key, name, dispatcher, scheduler, random, peers, new SignatureChecker(
                SignatureCheckSettings.defaults(), SignatureVerifier.ed25519(), scheduler.clock()));
    }
}
