package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.domain.Scheduler;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;

/**
 * The simulated network: one endpoint of an {@link InMemoryNetwork}, its virtual-time scheduler, and
 * a seeded source of randomness (in place of {@link AppModule}), so a node composed with it runs
 * reproducibly in tests and simulations. The counterpart of {@link UdpNetworkModule}.
 */
final class InMemoryNetworkModule extends AbstractModule {
    private final InMemoryNetwork network;
    private final NodeSettings settings;
    private final RandomGenerator random;

    /**
     * @param network  the network the node's endpoint joins (the endpoint gets the next free address)
     * @param settings the group (default 239.192.80.67:19777) and whether multicast is on
     * @param random   this node's randomness; the network is single-threaded, so it need not be thread-safe
     */
    InMemoryNetworkModule(InMemoryNetwork network, NodeSettings settings, RandomGenerator random) {
        this.network = Objects.requireNonNull(network, "network");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    protected void configure() {
        bind(Scheduler.class).toInstance(network.scheduler());
        bind(RandomGenerator.class).toInstance(random);
        // The network key, if any, is the dispatcher's seal stage (NodeModule): the endpoint is the transport.
        bind(DatagramTransport.class).to(InMemoryEndpoint.class);
    }

    private NodeAddress group() {
        return settings.group().orElse(UdpEndpointConfig.DEFAULT_IPV4_GROUP);
    }

    @Provides
    @Singleton
    InMemoryEndpoint endpoint() {
        InMemoryEndpoint endpoint = network.endpoint();
        if (settings.multicast()) {
            endpoint.joinGroup(group());
        }
        return endpoint;
    }

    @Provides
    @Singleton
    DiscoveryChannels channels() {
        if (!settings.multicast()) {
            return DiscoveryChannels.none();
        }
        List<NodeAddress> groups = List.of(group());
        List<NodeAddress> broadcast = List.of(InMemoryNetwork.broadcastAddress(InMemoryNetwork.DEFAULT_PORT));
        return new DiscoveryChannels() {
            @Override
            public List<NodeAddress> groups() {
                return groups;
            }

            @Override
            public List<NodeAddress> broadcast() {
                return broadcast;
            }
        };
    }
}
