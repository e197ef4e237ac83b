package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import peerconnect.app.api.NodeStatus;
import peerconnect.domain.PeerContact;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.Scheduler;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.Gossip;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * The composition as the library's API sees it: a started {@link PeerNode} and the parts the API's
 * handle needs. Public only for {@code peerconnect.app.api}: this package is not exported, so no
 * embedder sees it, and the API names no Guice type.
 */
public final class LibraryNode implements AutoCloseable {
    private final PeerNode node;

    private LibraryNode(PeerNode node) {
        this.node = node;
    }

    /**
     * Starts a node with {@code settings}: on UDP, or on {@code network} with {@code random} for all
     * its draws; its state in the data directory, or (with {@code memoryState}) in memory only.
     *
     * @throws NodeStartException naming the step that failed
     */
    public static LibraryNode start(NodeSettings settings, Optional<InMemoryNetwork> network,
                                    Optional<RandomGenerator> random, boolean memoryState) {
        List<Module> modules = new ArrayList<>(network.isPresent()
                ? PeerNodes.inMemoryModules(settings, NodeTuning.defaults(), network.get(),
                        random.orElseThrow(() -> new IllegalArgumentException("the in-memory network needs a random")))
                : PeerNodes.udpModules(settings, NodeTuning.defaults()));
        if (memoryState) {
            // The node key, contacts and values live as long as the process: the store is replaced, the rest kept.
            Module last = modules.removeLast();
            modules.add(Modules.override(last).with(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(NodeStateStore.class).toInstance(new InMemoryNodeStateStore());
                }
            }));
        }
        return new LibraryNode(PeerNodes.start(modules));
    }

    /** This node: peer id, advertised address, name. */
    public PeerRecord self() {
        return node.self();
    }

    /** The dispatcher: request/reply, send, handlers, submit. */
    public RequestsDispatcher dispatcher() {
        return node.dispatcher();
    }

    /** The DHT. */
    public DistributedHashTable dht() {
        return node.dht();
    }

    /** Gossip. */
    public Gossip gossip() {
        return node.gossip();
    }

    /** The routing table's contacts now. */
    public List<PeerContact> knownPeers() {
        return node.knownPeers();
    }

    /** The routing table's contacts now, each with its liveness. */
    public List<peerconnect.ports.ContactStatus> contactStatus() {
        return node.dht().contactStatus();
    }

    /** The node's scheduler. */
    public Scheduler scheduler() {
        return node.scheduler();
    }

    /** A fresh status snapshot in the API's shape. */
    public NodeStatus status() {
        var s = node.status();
        return new NodeStatus(s.self().contact().id(), s.self().name(), s.self().contact().address(), s.addresses(),
                s.bootstrapped(), s.discovery(), node.knownPeers().size(), s.dispatcher(), s.counters());
    }

    /** Stops the node, its state saved. */
    @Override
    public void close() {
        node.close();
    }
}
