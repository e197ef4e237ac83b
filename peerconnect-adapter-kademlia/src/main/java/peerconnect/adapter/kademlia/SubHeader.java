package peerconnect.adapter.kademlia;

/**
 * The Kademlia sub-header, the envelope's {@code header} byte (docs/PROTOCOL.md, "Kademlia").
 * A reply's byte is its request's with the top bit set.
 *
 * <p>Append only: a byte once assigned keeps its meaning forever; bytes are explicit, never
 * {@code ordinal()}.
 */
enum SubHeader {
    PING(0x01),
    STORE(0x02),
    FIND_NODE(0x03),
    FIND_VALUE(0x04),
    STORE_PEERS_IN_LIST(0x05),
    FIND_PEER_LIST(0x06),
    SEARCH_PEERS(0x07);

    private static final int REPLY_BIT = 0x80;
    private static final SubHeader[] BY_REQUEST_BYTE = new SubHeader[REPLY_BIT];

    static {
        for (SubHeader h : values()) {
            BY_REQUEST_BYTE[h.request] = h;
        }
    }

    private final int request;

    SubHeader(int request) {
        this.request = request;
    }

    byte request() {
        return (byte) request;
    }

    byte reply() {
        return (byte) (request | REPLY_BIT);
    }

    /** The request sub-header with byte {@code b}, or null (unknown, or a reply byte). */
    static SubHeader ofRequest(byte b) {
        int v = b & 0xff;
        return v < REPLY_BIT ? BY_REQUEST_BYTE[v] : null;
    }
}
