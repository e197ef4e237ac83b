package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** A few Kademlia nodes on one in-memory network in virtual time, for example tests. */
final class Cluster {
    final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
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

    Cluster(long seed, KademliaConfig config) {
        this.config = config;
        network = new InMemoryNetwork(seed, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        random = new SplittableRandom(seed);
    }

    /** Starts a node with a fresh id and store (not bootstrapped). */
    Member add(String name) {
        return add(PeerId.random(random), network.endpoint(), new InMemoryNodeStateStore(), name);
    }

    Member add(PeerId id, InMemoryEndpoint endpoint, InMemoryNodeStateStore store, String name) {
        RequestsDispatcher dispatcher = RequestsDispatcher.builder(id).config(DispatcherConfig.defaults().withMaxWorkers(1))
                .transport(endpoint).scheduler(scheduler).random(random.split()).build();
        KademliaNode node = Kademlia.create(config, new PeerRecord(new PeerContact(id, endpoint.localAddress()), name),
                dispatcher, scheduler, random.split(), store);
        endpoint.start(dispatcher::onDatagram);
        Member m = new Member(node, dispatcher, endpoint, store);
        members.add(m);
        return m;
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
        long budget = 10_000_000;
        while (!future.isDone()) {
            if (budget-- == 0 || !scheduler.runNext()) {
                throw new AssertionError("future never completed; " + scheduler);
            }
        }
        return future.join();
    }

    void runFor(Duration d) {
        scheduler.runFor(d);
    }
}
