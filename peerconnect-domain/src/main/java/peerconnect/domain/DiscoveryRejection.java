package peerconnect.domain;

/** Why {@link DiscoveryAuthenticator} refused a discovery message; each is counted. */
public enum DiscoveryRejection {
    /** Unknown sub-header, wrong body length, unknown address family or a non-canonical address. */
    MALFORMED,
    /** The advertised address is not a unicast address (multicast, wildcard, broadcast) or its port is 0. */
    BAD_ADDRESS,
    /** The advertised address is not the datagram's source: someone points us at a third party. */
    ADDRESS_MISMATCH,
    /** The envelope's peer id is not the one derived from the public key in the body. */
    ID_NOT_KEY,
    /** The timestamp is further from our clock than the freshness window, either way. */
    STALE,
    /** A reply that answers no NETWORK_FIND this node sent recently. */
    UNSOLICITED,
    /**
     * More signatures arrived than the budget allows checking ({@link DiscoveryConfig#signatureChecks()});
     * refused unchecked.
     */
    OVER_BUDGET,
    /** The signature does not verify with the public key in the body. */
    BAD_SIGNATURE,
    /** The same (peer id, timestamp) was already accepted, or is older than what the full replay cache forgot. */
    REPLAYED
}
