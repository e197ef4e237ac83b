package peerconnect.domain;

import java.util.Objects;

/** A peer as protocols address it: its id and where its requests endpoint listens. */
public record PeerContact(PeerId id, NodeAddress address) {
    public PeerContact {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return id.shortHex() + "@" + address;
    }
}
