package peerconnect.adapter.kademlia;

import java.util.List;
import peerconnect.domain.PeerId;

/** The keys of the network's peer lists (see docs/PROTOCOL.md, "Peer lists"). */
public final class PeerListKeys {
    /** Number of peer lists. */
    public static final int COUNT = PeerLists.LIST_COUNT;

    private PeerListKeys() {
    }

    /** All list keys, key {@code i} being {@code floor(i * 2^160 / 20)}. */
    public static List<PeerId> all() {
        return PeerLists.keys();
    }

    /** The list a peer with {@code id} registers in: the list key closest to it. */
    public static PeerId listFor(PeerId id) {
        return PeerLists.listKeyFor(id);
    }
}
