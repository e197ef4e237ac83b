package peerconnect.app.jmx;

import java.util.Map;

/**
 * A running node as JMX sees it: who it is, whether it has joined, and every protocol counter by
 * qualified name ({@code udp.received}, {@code kademlia.rpcFailures}, {@code gossip.delivered},
 * {@code discovery.answered}, ...), read fresh on every call. The dispatcher's counters have their own
 * bean ({@link DispatcherMXBean}).
 */
public interface NodeMXBean {
    String getPeerId();

    String getName();

    /** The address peers reach this node at. */
    String getAddress();

    boolean isBootstrapped();

    /** The discovery state, e.g. {@code Searching[round=2]} or {@code Joined[]}. */
    String getDiscoveryState();

    int getKnownPeers();

    Map<String, Long> getCounters();
}
