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
     * Admit {@code contact} to the routing table as proven: it answered one of our announcements with a
     * NETWORK_FIND_REPLY signed by its id, for that announcement, from the address it advertises (the
     * caller authenticated it before the machine saw it). An unknown id enters at once, so a crowd lists
     * each other without waiting for the bootstrap's round trips.
     */
    record Admit(PeerContact contact) implements DiscoveryAction {
    }

    /**
     * {@code contact} announced itself, signed by its id, from the address it advertises: if the routing
     * table knows that id at another address, this is the proof that it restarted there, and it moves
     * there once its old address stops answering. An unknown announcer is not admitted by this (a
     * one-shot {@code discover} announces too, and never answers the DHT); the bootstrap from it or
     * its own bootstrap from our answer admits a node.
     */
    record Follow(PeerContact contact) implements DiscoveryAction {
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
