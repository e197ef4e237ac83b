package peerconnect.adapter.kademlia;

/**
 * What {@link ContactAdmission} decided to do with a peer that was heard from; the
 * {@link ContactKeeper} carries it out under the node's lock.
 */
sealed interface AdmissionStep {

    /** Offer the peer to the routing table: it enters, is refreshed, or waits as a replacement. */
    record Insert() implements AdmissionStep { }

    /** Ping the sender at the address it used; it enters the table only when it answers. */
    record PingSender() implements AdmissionStep { }

    /**
     * Ask the address the table knows for this id first: a live contact keeps its place, and only
     * if it is silent (and so evicted) is the peer considered again.
     */
    record PingKnownAddress() implements AdmissionStep { }

    /**
     * The peer's bucket is full: ping its least recently seen contact; only if that one is silent
     * (and so evicted) is the peer considered again.
     */
    record PingOldest() implements AdmissionStep { }

    /** Too many admission pings are in flight: not pinged, and counted; lookups will find it later. */
    record Skip() implements AdmissionStep { }

    /** Its address or subnet already has its share of the bucket: counted as a contact-quota refusal. */
    record Refuse() implements AdmissionStep { }

    /** Drop the contact the table holds: it failed to answer at the address the table knows. */
    record Evict() implements AdmissionStep { }

    /** Nothing to do, for the reason given. */
    record Drop(String why) implements AdmissionStep { }
}
