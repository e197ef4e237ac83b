package peerconnect.app.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/**
 * A snapshot of a node, the fields of the console's {@code status}.
 *
 * @param id           this node's peer id
 * @param name         its display name
 * @param address      the address peers reach it at
 * @param addresses    every local address the endpoint listens on, and the discovery groups joined
 * @param joined       whether the DHT has any peer
 * @param discovery    the discovery state's name (e.g. {@code Searching(round=2)}, {@code Joined})
 * @param peers        how many contacts the routing table holds
 * @param dispatcher   the dispatcher's counters, drops by reason among them
 * @param counters     every other protocol counter by qualified name ({@code udp.received}, ...)
 */
public record NodeStatus(PeerId id, String name, NodeAddress address, List<NodeAddress> addresses, boolean joined,
                         String discovery, int peers, DispatcherStats dispatcher, Map<String, Long> counters) {
    /** Copies the collections; nothing is missing. */
    public NodeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(dispatcher, "dispatcher");
        addresses = List.copyOf(addresses);
        counters = Map.copyOf(counters);
    }
}
