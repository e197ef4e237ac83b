package peerconnect.adapter.kademlia;

/**
 * What {@link ContactAdmission} decided to do with a peer that was heard from; the
 * {@link ContactKeeper} carries it out under the node's lock.
 */
sealed interface AdmissionStep {

    /** Offer the peer to the routing table: it enters, is refreshed, or waits as a live replacement. */
    record Insert() implements AdmissionStep { }

    /** Ping the sender at the address it used; it is considered again only when it answers there. */
    record PingSender() implements AdmissionStep { }

    /**
     * The id answered at a new address while the table knows it at another that has missed no call:
     * ask the known address first. A live contact keeps its place; only if it is silent does the id
     * move ({@link MoveTo}).
     */
    record PingKnownAddress() implements AdmissionStep { }

    /**
     * The id answered one of our calls at a new address, and its known address has missed calls:
     * the contact moves to the new address at once.
     */
    record MoveTo() implements AdmissionStep { }

    /** Too many admission pings are in flight: not pinged, and counted; lookups will find it later. */
    record Skip() implements AdmissionStep { }

    /** Its address or subnet already has its share of the bucket: counted as a contact-quota refusal. */
    record Refuse() implements AdmissionStep { }

    /**
     * The peer answered, but no verified record of its id names the address it answered from: it does
     * not enter, nor does a known id move; counted under {@code reason}.
     */
    record Unproven(RejectReason reason) implements AdmissionStep { }

    /** Nothing to do, for the reason given. */
    record Drop(String why) implements AdmissionStep { }
}
