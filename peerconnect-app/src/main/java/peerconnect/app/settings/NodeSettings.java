package peerconnect.app.settings;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import peerconnect.adapter.kademlia.LivenessConfig;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RateLimiterSettings;

/**
 * Everything a node needs to start, already resolved from (highest first) command-line flags,
 * {@code PEERCONNECT_*} environment variables, {@code peerconnect.properties} in the data directory
 * and defaults. The command line makes it; {@code PeerNodes} starts a node from it.
 *
 * @param name             display name others find the node by; empty = derived from the peer id
 * @param bind             local address of the unicast socket ({@code ::} = every interface, dual-stack)
 * @param port             local unicast port, 0 = any free one
 * @param networkInterface interface for multicast by name or address; empty = chosen automatically
 * @param ipv6             whether discovery uses the IPv6 group only (otherwise IPv4 and IPv6)
 * @param group            discovery group to use instead of the default of the family
 * @param multicast        whether discovery announces by multicast and broadcast at all (off: only
 *                         {@code peers} and contacts saved by the last run are used)
 * @param peers            addresses to bootstrap from besides the LAN ({@code --peer})
 * @param dataDir          where the node key, routing table, values and logs are kept
 * @param networkKey       the key every datagram is sealed with ({@code --network-key-file}); empty = unsealed
 * @param rateLimits       limits on received datagrams per source address, per prefix and in total
 *                         ({@code --rate-limit-*}); all unlimited = no limiter at all
 * @param liveness         when the DHT takes a contact for questionable or bad, how it rechecks it and how
 *                         long one attempt to it waits ({@code --liveness-*})
 */
public record NodeSettings(String name, InetAddress bind, int port, String networkInterface, boolean ipv6,
                           Optional<NodeAddress> group, boolean multicast, List<NodeAddress> peers, Path dataDir,
                           Optional<NetworkKey> networkKey, RateLimiterSettings rateLimits,
                           LivenessConfig liveness) {
    public NodeSettings {
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(networkKey, "networkKey");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(dataDir, "dataDir");
        peers = List.copyOf(peers);
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
    }

    /** Settings without a network key. */
    public NodeSettings(String name, InetAddress bind, int port, String networkInterface, boolean ipv6,
                        Optional<NodeAddress> group, boolean multicast, List<NodeAddress> peers, Path dataDir) {
        this(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir, Optional.empty());
    }

    /** Settings with the default liveness rules ({@link LivenessConfig#defaults()}). */
    public NodeSettings(String name, InetAddress bind, int port, String networkInterface, boolean ipv6,
                        Optional<NodeAddress> group, boolean multicast, List<NodeAddress> peers, Path dataDir,
                        Optional<NetworkKey> networkKey, RateLimiterSettings rateLimits) {
        this(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir, networkKey, rateLimits,
                LivenessConfig.defaults());
    }

    /** Settings with the default rate limits. */
    public NodeSettings(String name, InetAddress bind, int port, String networkInterface, boolean ipv6,
                        Optional<NodeAddress> group, boolean multicast, List<NodeAddress> peers, Path dataDir,
                        Optional<NetworkKey> networkKey) {
        this(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir, networkKey,
                RateLimiterSettings.defaults());
    }

    /** These settings with every datagram sealed under {@code key}. */
    public NodeSettings withNetworkKey(NetworkKey key) {
        return new NodeSettings(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir,
                Optional.of(key), rateLimits, liveness);
    }

    /** These settings with {@code limits} on received datagrams. */
    public NodeSettings withRateLimits(RateLimiterSettings limits) {
        return new NodeSettings(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir,
                networkKey, limits, liveness);
    }

    /** These settings with other liveness rules for the DHT's contacts. */
    public NodeSettings withLiveness(LivenessConfig config) {
        return new NodeSettings(name, bind, port, networkInterface, ipv6, group, multicast, peers, dataDir,
                networkKey, rateLimits, config);
    }
}
