package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
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

    SmallGossipNetwork(int size, GossipConfig config, NetworkConditions conditions, long seed) {
        net = VirtualNetwork.create(seed, conditions);
        scheduler = net.scheduler();
        network = net.network();
        SplittableRandom random = net.random();
        // Every address and id first: each node is made knowing all the others.
        for (int i = 0; i < size; i++) {
            InMemoryEndpoint e = net.endpoint();
            endpoints.add(e);
            contacts.add(new PeerContact(PeerId.random(random), e.localAddress()));
        }
        for (int i = 0; i < size; i++) {
            PeerContact me = contacts.get(i);
            List<PeerContact> others = contacts.stream().filter(c -> !c.equals(me)).toList();
            RequestsDispatcher d = net.newNode().id(me.id()).endpoint(endpoints.get(i)).start().dispatcher();
            GossipNode node = GossipNodes.create(config, me.id(), "Node " + i + " laptop", d, scheduler,
                    random.split(), () -> others);
            List<GossipMessage> mine = new ArrayList<>();
            node.subscribe(mine::add);
            dispatchers.add(d);
            nodes.add(node);
            delivered.add(mine);
        }
    }
}
