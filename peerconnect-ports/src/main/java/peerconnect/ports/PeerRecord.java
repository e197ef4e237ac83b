package peerconnect.ports;

import java.util.Objects;
import peerconnect.domain.PeerContact;

/**
 * A peer together with the name its user gave it: what peer lists hold, and what both peer searches
 * (the DHT's peer lists and gossip's search) return; in an answer, the address is the one the answer
 * came from.
 * Names are labels for people, not identities: two peers may share one, and a name proves nothing.
 *
 * @param contact the peer's id and address
 * @param name    the peer's display name (may be empty, never null)
 */
public record PeerRecord(PeerContact contact, String name) {
    public PeerRecord {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return "'" + name + "' " + contact;
    }
}
