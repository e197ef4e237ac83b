package peerconnect.ports;

import java.util.Objects;
import peerconnect.domain.PeerContact;

/**
 * A peer that answered a {@link Gossip#search}: where it is and the name it gave.
 *
 * @param contact its id and the address its answer came from
 * @param name    its name, as it stated it
 */
public record FoundPeer(PeerContact contact, String name) {
    public FoundPeer {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
    }
}
