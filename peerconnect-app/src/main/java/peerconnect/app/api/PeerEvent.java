package peerconnect.app.api;

import java.util.Objects;

/** A change in the peers a node knows, as its {@link PeerListener}s are told. */
public sealed interface PeerEvent {
    /**
     * The peer the event is about.
     *
     * @return the peer
     */
    Peer peer();

    /**
     * A peer entered the routing table.
     *
     * @param peer the peer
     */
    record Joined(Peer peer) implements PeerEvent {
        /** Checks the peer is there. */
        public Joined {
            Objects.requireNonNull(peer, "peer");
        }
    }

    /**
     * A peer left the routing table (it stopped answering, or was replaced).
     *
     * @param peer the peer
     */
    record Left(Peer peer) implements PeerEvent {
        /** Checks the peer is there. */
        public Left {
            Objects.requireNonNull(peer, "peer");
        }
    }
}
