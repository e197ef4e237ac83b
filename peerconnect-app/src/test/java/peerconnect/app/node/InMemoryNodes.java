package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * A test fixture: nodes of the real composition (in-memory network module) on one virtual-time
 * network with one seed. Not thread-safe: drive it from the test thread. Closes every node it
 * started in {@link #close()}.
 */
public final class InMemoryNodes implements AutoCloseable {
    /** Discovery refresh 10 s and DHT poll 2 s, so partitions heal within a minute of virtual time. */
    static final NodeTuning TUNING = NodeTuning.defaults()
            .withDiscovery(DiscoveryConfig.defaults().withMaxDelay(Duration.ofSeconds(4)).withActiveRounds(5)
                    .withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(10)))
            .withBootstrapPoll(Duration.ofSeconds(2));

    final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    final InMemoryNetwork network;
    private final SplittableRandom seeds;
    private final Path root;
    private final List<PeerNode> started = new ArrayList<>();
    private int made;

    public InMemoryNodes(long seed, Path root) {
        this.network = new InMemoryNetwork(seed, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(2)));
        this.seeds = new SplittableRandom(seed);
        this.root = root;
    }

    /** Settings of node {@code name} with its own data directory under the fixture's root. */
    NodeSettings settings(String name, boolean multicast, List<NodeAddress> peers) {
        return new NodeSettings(name, wildcard(), 0, "", false, Optional.empty(), multicast, peers, dataDir(name));
    }

    Path dataDir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a node; its endpoint gets the network's next address (198.18.0.1:4000, .2, ...). */
    PeerNode start(NodeSettings settings) {
        PeerNode node = PeerNodes.start(PeerNodes.inMemoryModules(settings, TUNING, network, seeds.split()));
        started.add(node);
        made++;
        return node;
    }

    /** Starts {@code n} nodes named prefix-0 ... with multicast on and no peers. */
    public List<PeerNode> startMany(String prefix, int n) {
        List<PeerNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(start(settings(prefix + "-" + i, true, List.of())));
        }
        return nodes;
    }

    /** The address the {@code i}-th endpoint of this network gets (counting from 0). */
    static NodeAddress address(int i) {
        return NodeAddress.parse("198.18.0." + (i + 1) + ":" + InMemoryNetwork.DEFAULT_PORT);
    }

    public void run(Duration virtual) {
        scheduler.runFor(virtual);
    }

    @Override
    public void close() {
        for (PeerNode node : started) {
            node.close();
        }
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("::");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
