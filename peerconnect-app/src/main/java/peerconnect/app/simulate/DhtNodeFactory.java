package peerconnect.app.simulate;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * Makes and starts the N nodes of a {@link DhtSimulation}, with the Ed25519 work of making them (a
 * key from each node's seed, the node's signed record) spread over the machine's cores.
 *
 * <p>That work is most of the CPU of making a node, it is pure (the same seed gives the same key,
 * and Ed25519 signatures are deterministic), and the nodes do not meet until they start. So the
 * generator is drawn in the order one node at a time would draw it, every step that touches the
 * network or the scheduler runs on the calling thread in node order, and only the pure steps run in
 * parallel: the nodes, their ids and every later event are the same as when made one by one.
 *
 * <p>With a {@link MemoizingVerifier} (one real Ed25519 check per distinct record in the JVM), each
 * node's record is also checked here, in parallel, instead of on the scheduler thread when a peer
 * first checks it: the same check, earlier, with the same verdict.
 */
final class DhtNodeFactory {
    /** Where the made nodes go; index {@code i} of each array is node {@code i}, all of length N. */
    record Made(PeerId[] ids, KademliaNode[] nodes, RequestsDispatcher[] dispatchers, InMemoryEndpoint[] endpoints) {
    }

    private DhtNodeFactory() {
    }

    /**
     * Makes and starts one node per index of {@code into}'s arrays on {@code network}, drawing from
     * {@code random} three values per node in node order (the key's seed, then the dispatcher's and
     * the node's generators); {@code verifier} must be thread-safe.
     */
    static void make(Made into, KademliaConfig config, DispatcherConfig dc, InMemoryNetwork network,
                     VirtualTimeScheduler scheduler, SplittableRandom random, NodeStateStore store,
                     SignatureVerifier verifier) {
        int n = into.ids().length;
        long[] keySeeds = new long[n];
        SplittableRandom[] dispatcherRandom = new SplittableRandom[n];
        SplittableRandom[] nodeRandom = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            keySeeds[i] = random.nextLong();
            dispatcherRandom[i] = random.split();
            nodeRandom[i] = random.split();
        }
        NodeKey[] keys = parallel(new NodeKey[n], i -> NodeKey.forSimulation(keySeeds[i]));

        EnvelopeCodec codec = EnvelopeCodec.create();
        PeerId[] ids = into.ids();
        RequestsDispatcher[] dispatchers = into.dispatchers();
        InMemoryEndpoint[] endpoints = into.endpoints();
        for (int i = 0; i < n; i++) {
            endpoints[i] = network.endpoint();
            ids[i] = keys[i].peerId();
            dispatchers[i] = RequestsDispatcher.builder(ids[i]).config(dc).codec(codec).transport(endpoints[i])
                    .scheduler(scheduler).random(dispatcherRandom[i]).build();
        }
        // A node's constructor signs its record and schedules nothing; the scheduler's clock, which
        // it reads, stands still until the nodes start below.
        KademliaNode[] nodes = parallel(into.nodes(), i -> {
            KademliaNode node = KademliaNodes.create(config,
                    new PeerRecord(new PeerContact(ids[i], endpoints[i].localAddress()), "node-" + i),
                    Optional.of(keys[i]), dispatchers[i], scheduler, nodeRandom[i], store,
                    new SignatureChecker(SignatureCheckSettings.defaults(), verifier, scheduler.clock()));
            // The one real check of this record the memoizing verifier would make on its first
            // sighting, made here on any core; every node still runs its own checks later.
            node.ownRecord().ifPresent(record -> record.verify(verifier));
            return node;
        });
        for (int i = 0; i < n; i++) {
            endpoints[i].start(dispatchers[i]::onDatagram);
            nodes[i].start();
        }
    }

    /** Fills {@code out} with {@code make(i)} for every index, on the common pool; returns it. */
    private static <T> T[] parallel(T[] out, IntFunction<T> make) {
        IntStream.range(0, out.length).parallel().forEach(i -> out[i] = make.apply(i));
        return out;
    }
}
