package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.domain.Scheduler;

/**
 * The real network: UDP sockets on the LAN and the system clock and threads. Binds
 * {@link DatagramTransport}, {@link Scheduler} and {@link DiscoveryChannels}; the in-memory
 * counterpart is {@link InMemoryNetworkModule}.
 */
final class UdpNetworkModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(UdpNetworkModule.class);
    private final NodeSettings settings;

    UdpNetworkModule(NodeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The endpoint configuration the settings ask for; with multicast off no group is joined at all. */
    static UdpEndpointConfig endpointConfig(NodeSettings settings) {
        List<NodeAddress> groups;
        if (!settings.multicast()) {
            groups = List.of();
        } else if (settings.group().isPresent()) {
            groups = List.of(settings.group().get());
        } else if (settings.ipv6()) {
            groups = List.of(UdpEndpointConfig.DEFAULT_IPV6_GROUP);
        } else {
            groups = List.of(UdpEndpointConfig.DEFAULT_IPV4_GROUP, UdpEndpointConfig.DEFAULT_IPV6_GROUP);
        }
        return UdpEndpointConfig.defaults().withBind(settings.bind(), settings.port())
                .withNetworkInterface(settings.networkInterface()).withGroups(groups);
    }

    @Override
    protected void configure() {
        bind(Scheduler.class).to(SystemScheduler.class);
        // The network key, if any, is the dispatcher's seal stage (NodeModule): the endpoint is the transport.
        bind(DatagramTransport.class).to(UdpTransport.class);
    }

    @Provides
    @Singleton
    SystemScheduler scheduler() {
        return new SystemScheduler("peerconnect");
    }

    @Provides
    @Singleton
    UdpTransport transport(SystemScheduler scheduler) {
        return UdpTransports.create(endpointConfig(settings), scheduler);
    }

    @Provides
    @Singleton
    DiscoveryChannels channels(UdpTransport transport) {
        if (!settings.multicast()) {
            return DiscoveryChannels.none();
        }
        int groupPort = settings.group().map(NodeAddress::port).orElse(UdpEndpointConfig.DEFAULT_GROUP_PORT);
        return new DiscoveryChannels() {
            // Receivers check that the advertised address is the source they see. The socket sends to an
            // IPv4 group from the interface's IPv4 address (the dual-stack :: socket included) and to an
            // IPv6 group from an IPv6 one, so only groups of the advertised family can pass that check.
            private volatile boolean warned;

            @Override
            public List<NodeAddress> groups() {
                boolean v4 = transport.localAddress().ip() instanceof Inet4Address;
                List<NodeAddress> usable =
                        transport.groups().stream().filter(g -> (g.ip() instanceof Inet4Address) == v4).toList();
                if (usable.isEmpty() && !transport.groups().isEmpty() && !warned) {
                    // e.g. --ipv6 on an interface that also has an IPv4 address, which is then advertised.
                    warned = true;
                    LOG.warn("no joined group {} matches the advertised address {}; announcements go by broadcast "
                            + "only, and peers reach this node through --peer or saved contacts (with --ipv6, "
                            + "--bind an IPv6 address of the interface)",
                            transport.groups(), transport.localAddress());
                }
                return usable;
            }

            @Override
            public List<NodeAddress> broadcast() {
                return transport.localAddress().ip() instanceof Inet4Address
                        ? transport.broadcastAddresses(groupPort) : List.of();
            }
        };
    }
}
