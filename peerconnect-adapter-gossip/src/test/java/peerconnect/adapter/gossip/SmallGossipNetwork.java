package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** A few gossip nodes that all know each other, on one in-memory network, with what each delivered. */
final class SmallGossipNetwork {
    final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    final InMemoryNetwork network;
    final List<InMemoryEndpoint> endpoints = new ArrayList<>();
    final List<RequestsDispatcher> dispatchers = new ArrayList<>();
    final List<GossipNode> nodes = new ArrayList<>();
    final List<List<GossipMessage>> delivered = new ArrayList<>();
    final List<PeerContact> contacts = new ArrayList<>();

    SmallGossipNetwork(int size, GossipConfig config, NetworkConditions conditions, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        network = new InMemoryNetwork(seed, scheduler, conditions);
        for (int i = 0; i < size; i++) {
            InMemoryEndpoint e = network.endpoint();
            endpoints.add(e);
            contacts.add(new PeerContact(PeerId.random(random), e.localAddress()));
        }
        for (int i = 0; i < size; i++) {
            PeerContact me = contacts.get(i);
            List<PeerContact> others = contacts.stream().filter(c -> !c.equals(me)).toList();
            RequestsDispatcher d = RequestsDispatcher.builder(me.id()).config(DispatcherConfig.defaults().withMaxWorkers(1))
                    .transport(endpoints.get(i)).scheduler(scheduler).random(random.split()).build();
            GossipNode node = GossipNode.create(config, me.id(), "Node " + i + " laptop", d, scheduler,
                    random.split(), () -> others);
            List<GossipMessage> mine = new ArrayList<>();
            node.subscribe(mine::add);
            endpoints.get(i).start(d::onDatagram);
            dispatchers.add(d);
            nodes.add(node);
            delivered.add(mine);
        }
    }
}
