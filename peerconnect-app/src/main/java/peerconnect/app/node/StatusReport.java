package peerconnect.app.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.PeerRecord;

/**
 * What the console's {@code status} shows, as data ({@code --json} prints the same fields): the node's
 * own, fuller report, from which the API's {@link peerconnect.app.api.NodeStatus} snapshot is cut.
 *
 * @param self          peer id, advertised address, name
 * @param addresses     every local address the endpoint listens on, and the discovery groups joined
 * @param bootstrapped  whether the DHT has any peer
 * @param discovery     the discovery state's name (e.g. {@code Searching(round=2)}, {@code Joined})
 * @param bucketFill    contacts per non-empty k-bucket, by bucket index
 * @param dispatcher    dispatcher counters, drops by reason among them
 * @param counters      the other protocol counters by qualified name ({@code udp.received},
 *                      {@code kademlia.rpcFailures}, {@code gossip.delivered}, {@code discovery.answered}, ...)
 * @param uptime        how long the node has run
 */
public record StatusReport(PeerRecord self, List<NodeAddress> addresses, boolean bootstrapped, String discovery,
                         Map<Integer, Integer> bucketFill, DispatcherStats dispatcher, Map<String, Long> counters,
                         Duration uptime) {
    public StatusReport {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(discovery, "discovery");
        Objects.requireNonNull(dispatcher, "dispatcher");
        addresses = List.copyOf(addresses);
        bucketFill = Map.copyOf(bucketFill);
        counters = Map.copyOf(counters);
    }

    /** A status without an uptime (zero): for nodes that do not keep one. */
    public StatusReport(PeerRecord self, List<NodeAddress> addresses, boolean bootstrapped, String discovery,
                      Map<Integer, Integer> bucketFill, DispatcherStats dispatcher, Map<String, Long> counters) {
        this(self, addresses, bootstrapped, discovery, bucketFill, dispatcher, counters, Duration.ZERO);
    }
}
