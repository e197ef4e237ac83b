package peerconnect.adapter.kademlia;

/**
 * The Kademlia operation: the one byte after the root code that says which RPC a body is
 * (docs/PROTOCOL.md calls it the sub-header; the envelope carries it in {@code Message.op()}).
 * It is not the 34-byte envelope header that {@code EnvelopeCodec} writes in front of every body.
 * A reply's byte is its request's with the top bit set.
 *
 * <p>Append only: a byte once assigned keeps its meaning forever; bytes are explicit, never
 * {@code ordinal()}.
 */
enum KademliaOp {
    PING(0x01),
    STORE(0x02),
    FIND_NODE(0x03),
    FIND_VALUE(0x04),
    STORE_PEERS_IN_LIST(0x05),
    FIND_PEER_LIST(0x06),
    SEARCH_PEERS(0x07),
    /** Added within envelope version 1: extends a held value's life if the holder has the same bytes. */
    REFRESH(0x08);

    private static final int REPLY_BIT = 0x80;
    private static final KademliaOp[] BY_REQUEST_BYTE = new KademliaOp[REPLY_BIT];

    static {
        for (KademliaOp h : values()) {
            BY_REQUEST_BYTE[h.request] = h;
        }
    }

    private final int request;

    KademliaOp(int request) {
        this.request = request;
    }

    byte request() {
        return (byte) request;
    }

    byte reply() {
        return (byte) (request | REPLY_BIT);
    }

    /** The operation whose request byte is {@code b}, or null (unknown, or a reply byte). */
    static KademliaOp ofRequest(byte b) {
        int v = b & 0xff;
        return v < REPLY_BIT ? BY_REQUEST_BYTE[v] : null;
    }
}
