package peerconnect.app.api;

import java.util.Objects;
import java.util.Optional;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/**
 * A peer this node knows: one contact of its routing table.
 *
 * @param id      the peer's id (its node key's)
 * @param address where it is reached
 * @param name    its name as its verified node record gives it (signed by the key of {@code id}), or
 *                empty while the node holds no record of it
 */
public record Peer(PeerId id, NodeAddress address, String name) {
    /** Checks that no part is missing. */
    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
    }

    /**
     * A peer whose name is not known.
     *
     * @param id      the peer's id
     * @param address where it is reached
     */
    public Peer(PeerId id, NodeAddress address) {
        this(id, address, "");
    }

    /**
     * The peer's verified name.
     *
     * @return the name from its verified record, or empty while no record of it is held
     */
    public Optional<String> verifiedName() {
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
