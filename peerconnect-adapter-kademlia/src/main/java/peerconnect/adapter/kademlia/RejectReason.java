package peerconnect.adapter.kademlia;

/**
 * Why a Kademlia body (request, reply or saved state) was refused. Each refusal is counted in
 * {@link KademliaStats#rejected()}; none ever escapes as an exception.
 */
public enum RejectReason {
    /** The sub-header byte names no Kademlia request. */
    UNKNOWN_SUB_HEADER,
    /** The body ends before a field it announces. */
    TRUNCATED,
    /** Bytes follow the last field. */
    TRAILING_BYTES,
    /** An address family byte other than 4 or 6. */
    BAD_ADDRESS_FAMILY,
    /** A count, tag or status byte out of its range. */
    BAD_FIELD,
    /** A value larger than the configured bound. */
    VALUE_TOO_LARGE,
    /** A name longer than 64 bytes or not valid UTF-8. */
    BAD_NAME,
    /** A peer-list request for a key that is not one of the peer-list keys. */
    NOT_A_LIST_KEY,
    /** A reply whose sub-header does not answer the request sent. */
    UNEXPECTED_REPLY,
    /** A saved state whose magic, version or checksum is wrong. */
    CORRUPT_STATE,
    /** A contact address that is not unicast: multicast, wildcard, broadcast or port 0. */
    NOT_UNICAST,
    /** A STORE refused because the value store is full of other live values (answered with status {@code 02}). */
    STORE_FULL,
    /**
     * A STORE or STORE_PEERS_IN_LIST refused because its source address already holds its quota of
     * values, or its share of that peer list (status {@code 04}).
     */
    SOURCE_QUOTA,
    /**
     * A deletion (STORE with TTL 0) refused because another source address stored the value held
     * (status {@code 05}): only a value's source may delete it.
     */
    NOT_SOURCE,
    /** A contact refused by the routing table: its IP address or subnet already has its share of the bucket. */
    CONTACT_QUOTA,
    /**
     * A peer-list record in the old unsigned layout (contact and name, starting with an address family
     * byte where a signed record starts with its version): anyone could have written it.
     */
    UNSIGNED_RECORD,
    /**
     * A signed peer-list record that is malformed (its layout's own checks, docs/PROTOCOL.md "Node
     * records"); a well-formed one that fails its check is counted under {@code kademlia.records.refused.*}.
     */
    BAD_RECORD,
    /**
     * A contact that answered a call asking for its node record without one: not admitted (docs/PROTOCOL.md,
     * "Contacts prove their id"); a keyless node in a network of keyed ones is refused so.
     */
    NO_RECORD,
    /** A contact whose id's verified record names other addresses than the one it answered from: not admitted, not moved. */
    ADDRESS_NOT_IN_RECORD,
    /** A contact that answered with a record signed by another key than its id's: not admitted. */
    RECORD_OF_ANOTHER_ID,
    /** A contact whose record the record book refused (bad signature, over budget, conflicting): not admitted. */
    RECORD_REFUSED
}
