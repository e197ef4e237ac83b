package peerconnect.domain;

import java.time.Duration;
import java.util.List;

/** What {@link Discovery} asks its caller to do; the caller carries each action out in order. */
public sealed interface DiscoveryAction {

    /** How an announcement (NETWORK_FIND) leaves this node. */
    enum Channel { MULTICAST, BROADCAST }

    /** Send NETWORK_FIND to the multicast group or the IPv4 broadcast address. */
    record Announce(Channel channel) implements DiscoveryAction {
    }

    /** Answer a NETWORK_FIND with NETWORK_FIND_REPLY, by unicast to {@code to}. */
    record Answer(NodeAddress to) implements DiscoveryAction {
    }

    /**
     * Admit {@code contact} to the routing table as proven: its id signed the announcement or answer
     * that advertised this address, and the datagram came from that address (the caller authenticated
     * it before the machine saw it). An unknown id enters at once, so a crowd lists each other without
     * waiting for the bootstrap's round trips; a known id at another address has just proven where it
     * restarted, and moves there once its old address stops answering.
     */
    record Admit(PeerContact contact) implements DiscoveryAction {
    }

    /** Where the addresses of a {@link Bootstrap} came from, for logs and counters. */
    enum Source { REPLY, GIVEN_PEERS, SAVED_PEERS, ANNOUNCEMENT }

    /** Ask the DHT to bootstrap from these addresses, then report with {@link Discovery#onBootstrapResult}. */
    record Bootstrap(List<NodeAddress> addresses, Source source) implements DiscoveryAction {
        public Bootstrap {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Call {@link Discovery#onTimer} with {@code token} after {@code delay}. A timer whose token is no
     * longer current is ignored, so the caller never needs to cancel one.
     */
    record ScheduleTimer(Duration delay, long token) implements DiscoveryAction {
    }
}
