package peerconnect.adapter.gossip;

/**
 * The op byte of a gossip datagram: which gossip message the body holds. It travels in the
 * envelope's one sub-type byte ({@code Message.op()}), not to be confused with the 34-byte
 * envelope header around it; the values follow the original's {@code HEADERS.GOSSIP_*}.
 * Append only: a byte once assigned keeps its meaning; never {@code ordinal()}.
 */
enum GossipOp {
    /**
     * A rumor without its origin's signature, as sent before rumors were signed: refused on receipt
     * ({@link GossipRejection#UNSIGNED}) and never sent; the byte stays assigned.
     */
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
    ADDRESS_CHECK((byte) 0x06),
    /** Peer sampling: a few entries of the sender's view, offered in exchange for as many of the receiver's. */
    SHUFFLE((byte) 0x07),
    /** Peer sampling: the receiver's answer to a SHUFFLE, sent back to its source. */
    SHUFFLE_REPLY((byte) 0x08),
    /** A rumor signed by its origin: a published message spreading by rumor mongering. */
    SIGNED_MESSAGE((byte) 0x09);

    private static final GossipOp[] BY_BYTE = new GossipOp[256];

    static {
        for (GossipOp op : values()) {
            BY_BYTE[op.code & 0xff] = op;
        }
    }

    private final byte code;

    GossipOp(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    /** The op with wire byte {@code b}, or null. */
    static GossipOp of(byte b) {
        return BY_BYTE[b & 0xff];
    }
}
