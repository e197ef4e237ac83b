package peerconnect.adapter.gossip;

/** Why a gossip datagram was refused. Each refusal is counted in {@link GossipStats#rejected()}. */
public enum GossipRejection {
    /** The op byte is no {@code GossipOp} this node knows (the name stays: it is a counter key). */
    UNKNOWN_HEADER,
    /** The body ends before a field it declares. */
    TRUNCATED,
    /** Bytes follow the last field. */
    TRAILING_BYTES,
    /** A payload larger than this node accepts. */
    PAYLOAD_TOO_LARGE,
    /** A reply-to address of a length other than 0, 4 or 16, or missing where it must be present. */
    BAD_ADDRESS,
    /** A query or name that is not valid UTF-8, or an empty query. */
    BAD_TEXT,
    /**
     * A search reply for no search of ours that is still waiting (late, or never asked), or a shuffle
     * reply from a peer this node is not waiting on.
     */
    UNSOLICITED_REPLY,
    /** A reply-to address that is not unicast: multicast, wildcard, broadcast or port 0. */
    NOT_UNICAST,
    /**
     * A first-hop search from a source that has not proven its address and could not be checked (too
     * many checks in flight, or the check went unanswered): it is not spread, so a forged source
     * address cannot aim the search's answers at a victim.
     */
    UNVERIFIED_SEARCH,
    /** An address check naming a search this node is not waiting on: someone forged a search with our address. */
    UNCONFIRMED_CHECK,
    /**
     * A matching search whose reply-to address did not confirm the search (its address check went
     * unanswered or could not be sent): not answered, so no participant can aim answers at a victim.
     */
    UNCONFIRMED_REPLY_TO,
    /** A new rumor or search from an address that already holds its share of the seen-set. */
    SEEN_SOURCE_SHARE,
    /** A new rumor or search while the seen-set is full of ids too young to forget. */
    SEEN_FULL,
    /** A shuffle with more view entries or rumor ids than a shuffle may carry. */
    TOO_MANY_ENTRIES,
    /** A rumor in the old unsigned layout ({@code MESSAGE}): anyone could have written its origin. */
    UNSIGNED,
    /** A signed rumor whose origin is not the peer id derived from the public key it carries. */
    ORIGIN_NOT_KEY,
    /** A signed rumor whose signature does not verify: forged, or altered on the way. */
    BAD_SIGNATURE,
    /**
     * A new signed rumor that arrived while the budget of signature checks was spent (for its source
     * or for all): dropped unchecked, so a flood of forgeries costs a bounded share of the CPU; an
     * honest copy comes again by another push or by anti-entropy.
     */
    SIGNATURE_BUDGET
}
