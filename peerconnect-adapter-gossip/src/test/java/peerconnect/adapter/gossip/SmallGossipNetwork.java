package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeKey;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;
import peerconnect.testkit.ports.VirtualNetwork;

/** A few gossip nodes that all know each other, on the kit's virtual network, with what each delivered. */
final class SmallGossipNetwork {
    final VirtualNetwork net;
    final VirtualTimeScheduler scheduler;
    final InMemoryNetwork network;
    final List<InMemoryEndpoint> endpoints = new ArrayList<>();
    final List<RequestsDispatcher> dispatchers = new ArrayList<>();
    final List<GossipNode> nodes = new ArrayList<>();
    final List<List<GossipMessage>> delivered = new ArrayList<>();
    final List<PeerContact> contacts = new ArrayList<>();

    final List<NodeKey> keys = new ArrayList<>();
    final List<SignatureChecker> checkers = new ArrayList<>();

    SmallGossipNetwork(int size, GossipConfig config, NetworkConditions conditions, long seed) {
        this(size, config, conditions, seed, SignatureCheckSettings.defaults(), SignatureVerifier.ed25519());
    }

    /** With {@code checks} as every node's budget and cache of signature checks, made with {@code verifier}. */
    SmallGossipNetwork(int size, GossipConfig config, NetworkConditions conditions, long seed,
                       SignatureCheckSettings checks, SignatureVerifier verifier) {
        net = VirtualNetwork.create(seed, conditions);
        scheduler = net.scheduler();
        network = net.network();
        SplittableRandom random = net.random();
        // Every address and id first: each node is made knowing all the others.
        for (int i = 0; i < size; i++) {
            InMemoryEndpoint e = net.endpoint();
            endpoints.add(e);
            NodeKey key = NodeKey.forSimulation(seed * 1_000 + i);
            keys.add(key);
            contacts.add(new PeerContact(key.peerId(), e.localAddress()));
        }
        for (int i = 0; i < size; i++) {
            PeerContact me = contacts.get(i);
            List<PeerContact> others = contacts.stream().filter(c -> !c.equals(me)).toList();
            RequestsDispatcher d = net.newNode().id(me.id()).endpoint(endpoints.get(i)).start().dispatcher();
            SignatureChecker checker = new SignatureChecker(checks, verifier, scheduler.clock());
            checkers.add(checker);
            GossipNode node = GossipNodes.create(config, keys.get(i), "Node " + i + " laptop", d, scheduler,
                    random.split(), () -> others, checker);
            List<GossipMessage> mine = new ArrayList<>();
            node.subscribe(mine::add);
            dispatchers.add(d);
            nodes.add(node);
            delivered.add(mine);
        }
    }
}
