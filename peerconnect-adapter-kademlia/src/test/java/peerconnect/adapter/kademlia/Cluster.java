package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;
import peerconnect.testkit.ports.VirtualNetwork;

/** A few Kademlia nodes on the kit's virtual network (1 ms latency, up to 1 ms jitter), for example tests. */
final class Cluster {
    final VirtualNetwork net;
    final VirtualTimeScheduler scheduler;
    final InMemoryNetwork network;
    final SplittableRandom random;
    final KademliaConfig config;
    final List<Member> members = new ArrayList<>();

    /** One node and what it runs on. */
    record Member(KademliaNode node, RequestsDispatcher dispatcher, InMemoryEndpoint endpoint,
                  InMemoryNodeStateStore store) {
        PeerContact contact() {
            return node.self().contact();
        }
    }

    Cluster(long seed) {
        this(seed, KademliaConfig.defaults());
    }

    private final java.util.Map<PeerId, NodeKey> keys = new java.util.HashMap<>();
    private final java.util.Map<PeerId, SignatureChecker> checkers = new java.util.HashMap<>();

    Cluster(long seed, KademliaConfig config) {
        this.config = config;
        net = VirtualNetwork.create(seed,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        scheduler = net.scheduler();
        network = net.network();
        random = net.random();
    }

    /** Starts a node with a fresh id and store (not bootstrapped). */
    Member add(String name) {
        // Drawn as the random id was before nodes had keys, so the cluster's other random choices stay as they were.
        NodeKey key = NodeKey.forSimulation(java.nio.ByteBuffer.wrap(PeerId.random(random).toBytes()).getLong());
        keys.put(key.peerId(), key);
        return add(key.peerId(), network.endpoint(), new InMemoryNodeStateStore(), name);
    }

    /** A node of {@code id}: signing with the key made for that id before (a restart), if there was one. */
    Member add(PeerId id, InMemoryEndpoint endpoint, InMemoryNodeStateStore store, String name) {
        RequestsDispatcher dispatcher = net.newNode().id(id).endpoint(endpoint).transport(e -> new CountingTransport(e))
                .start().dispatcher();
        SignatureChecker checker = new SignatureChecker(SignatureCheckSettings.defaults(), SignatureVerifier.ed25519(),
                scheduler.clock());
        checkers.put(id, checker);
        KademliaNode node = KademliaNodes.create(config, new PeerRecord(new PeerContact(id, endpoint.localAddress()), name),
                Optional.ofNullable(keys.get(id)), dispatcher, scheduler, random.split(), store, checker);
        Member m = new Member(node, dispatcher, endpoint, store);
        members.add(m);
        return m;
    }

    /** Bytes of every datagram the cluster's nodes sent, headers included. */
    final java.util.concurrent.atomic.LongAdder bytesSent = new java.util.concurrent.atomic.LongAdder();

    private final class CountingTransport extends peerconnect.ports.ForwardingTransport {
        CountingTransport(InMemoryEndpoint inner) {
            super(inner);
        }

        @Override
        public void send(peerconnect.domain.NodeAddress to, byte[] datagram) {
            bytesSent.add(datagram.length);
            super.send(to, datagram);
        }
    }

    /** The signature checker of the node of {@code id} (its latest, after a restart). */
    SignatureChecker checkerOf(PeerId id) {
        return checkers.get(id);
    }

    /** The key made for the node of {@code id}. */
    NodeKey keyOf(PeerId id) {
        return keys.get(id);
    }

    /** Adds {@code n} nodes, each joining through the first. */
    List<Member> grow(int n) {
        List<Member> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Member m = add("node-" + members.size());
            await(m.node().start());
            if (members.size() > 1) {
                await(m.node().bootstrap(List.of(members.get(0).contact().address())));
            }
            added.add(m);
        }
        return added;
    }

    /** Drives virtual time until {@code future} completes, and returns its value. */
    <T> T await(CompletableFuture<T> future) {
        return net.await(future);
    }

    void runFor(Duration d) {
        scheduler.runFor(d);
    }
}
