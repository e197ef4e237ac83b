package peerconnect.app.api;

import java.util.Objects;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/**
 * A peer this node knows: one contact of its routing table.
 *
 * @param id      the peer's id (its node key's)
 * @param address where it is reached
 */
public record Peer(PeerId id, NodeAddress address) {
    /** Checks that neither part is missing. */
    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}
