package peerconnect.app.node;

import java.util.List;
import peerconnect.domain.NodeAddress;

/**
 * Where this node's announcements (NETWORK_FIND) go: the multicast groups and the broadcast
 * addresses of its network. Bound by the network module (real UDP or the in-memory network), so the
 * discovery driver names no adapter.
 */
interface DiscoveryChannels {
    /** Groups to announce to; only those of the advertised address's family, since receivers check the source. */
    List<NodeAddress> groups();

    /** IPv4 broadcast addresses (at the group port) for the broadcast fallback; empty if there are none. */
    List<NodeAddress> broadcast();

    /** Announces nowhere: for nodes with multicast switched off. */
    static DiscoveryChannels none() {
        return new DiscoveryChannels() {
            @Override
            public List<NodeAddress> groups() {
                return List.of();
            }

            @Override
            public List<NodeAddress> broadcast() {
                return List.of();
            }
        };
    }
}
