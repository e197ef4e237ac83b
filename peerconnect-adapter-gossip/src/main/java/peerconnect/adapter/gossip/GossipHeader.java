package peerconnect.adapter.gossip;

/**
 * The sub-header byte of a gossip datagram (the envelope's {@code header}), as in the original's
 * {@code HEADERS.GOSSIP_*}. Append only: a byte once assigned keeps its meaning; never {@code ordinal()}.
 */
enum GossipHeader {
    /** A rumor: a published message spreading by rumor mongering. */
    MESSAGE((byte) 0x01),
    /** A peer search spreading like a rumor. */
    SEARCH_REQ((byte) 0x02),
    /** A node's answer to a search, sent straight to the searching node. */
    SEARCH_REPLY((byte) 0x03),
    /** Anti-entropy: the ids of the rumors a node holds, asking the receiver for those it lacks. */
    DIGEST((byte) 0x04),
    /** Anti-entropy: ids a node saw in a digest and does not have; the receiver sends those rumors. */
    PULL_REQUEST((byte) 0x05),
    /**
     * A request that the receiver answers with a reply, so that the asker may treat the address as
     * verified (docs/PROTOCOL.md, "Amplification"). Its token is 0 for a plain check, or the id of a
     * search that only that search's origin answers for.
     */
    ADDRESS_CHECK((byte) 0x06);

    private static final GossipHeader[] BY_BYTE = new GossipHeader[256];

    static {
        for (GossipHeader h : values()) {
            BY_BYTE[h.code & 0xff] = h;
        }
    }

    private final byte code;

    GossipHeader(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    /** The header with wire byte {@code b}, or null. */
    static GossipHeader of(byte b) {
        return BY_BYTE[b & 0xff];
    }
}
