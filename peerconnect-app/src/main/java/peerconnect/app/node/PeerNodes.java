package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import com.google.inject.Guice;
import com.google.inject.Module;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import peerconnect.ports.memory.InMemoryNetwork;

/**
 * Starts nodes: the composition root. Each adapter comes in through its own Guice module (network:
 * {@link UdpNetworkModule} or {@link InMemoryNetworkModule}; {@link KademliaModule}; {@link GossipModule})
 * plus {@link NodeModule}, so a test swaps any of them.
 */
public final class PeerNodes {
    private PeerNodes() {
    }

    /**
     * Starts a node on the real network with the given settings and returns once it is up; discovery
     * and the rejoin from saved contacts go on in the background.
     *
     * @throws NodeStartException if a step fails (port in use, no such interface, unusable data directory)
     */
    public static RunningNode start(NodeSettings settings) {
        return start(udpModules(settings, NodeTuning.defaults()));
    }

    /** Starts a node composed of {@code modules} (one network module, Kademlia, gossip and node modules). */
    static PeerNode start(List<? extends Module> modules) {
        PeerNode node = Guice.createInjector(modules).getInstance(PeerNode.class);
        node.start();
        return node;
    }

    /** The real composition: UDP, system clock and threads, secure randomness. */
    public static List<Module> udpModules(NodeSettings settings, NodeTuning tuning) {
        return List.of(new AppModule(), new UdpNetworkModule(settings), new KademliaModule(), new GossipModule(),
                new NodeModule(settings, tuning));
    }

    /**
     * The same composition on {@code network} (virtual time, single-threaded: start, drive and close the
     * node on the thread that runs the network's scheduler), with {@code random} for all its draws.
     */
    public static List<Module> inMemoryModules(NodeSettings settings, NodeTuning tuning, InMemoryNetwork network,
                                               RandomGenerator random) {
        Objects.requireNonNull(network, "network");
        return List.of(new InMemoryNetworkModule(network, settings, random), new KademliaModule(), new GossipModule(),
                new NodeModule(settings, tuning));
    }
}
