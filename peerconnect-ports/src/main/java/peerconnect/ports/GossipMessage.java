package peerconnect.ports;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;

/**
 * A message delivered by {@link Gossip}.
 *
 * @param id      the message id its origin chose; the same on every node
 * @param origin  the node that published it
 * @param hops    how many forwarders it passed through before reaching this node (1 = straight from the origin)
 * @param payload what the origin published; immutable — copied in and out
 */
public record GossipMessage(MessageId id, PeerId origin, int hops, byte[] payload) {
    public GossipMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        payload = payload.clone();
    }

    /** The payload (a copy). */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GossipMessage m && id.equals(m.id) && origin.equals(m.origin) && hops == m.hops
                && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, origin, hops, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        String p = payload.length <= 16 ? HexFormat.of().formatHex(payload) : payload.length + " bytes";
        return "GossipMessage[id=" + id + " origin=" + origin.shortHex() + " hops=" + hops + " payload=" + p + "]";
    }
}
