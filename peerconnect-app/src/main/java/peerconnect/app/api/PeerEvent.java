package peerconnect.app.api;

import java.util.Objects;

/** A change in the peers a node knows, as its {@link PeerListener}s are told: joined, suspected, left. */
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
     * A peer of the routing table missed a call: it is being asked again, and leaves (a {@link Left})
     * only if it keeps silent. Told once per spell of silence; a peer that answers again is told
     * neither as joined nor as left.
     *
     * @param peer the peer
     */
    record Suspected(Peer peer) implements PeerEvent {
        /** Checks the peer is there. */
        public Suspected {
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
