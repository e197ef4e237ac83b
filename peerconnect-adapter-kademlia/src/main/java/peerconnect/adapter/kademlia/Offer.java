package peerconnect.adapter.kademlia;

/** What the routing table did with a contact it was offered. */
sealed interface Offer {
    /** The contact is new and had room. */
    Offer ADDED = new Added();
    /** The contact was known; it is now the most recently seen of its bucket. */
    Offer UPDATED = new Updated();
    /** The contact is this node itself; never stored. */
    Offer SELF = new Self();
    /** The contact's IP address or subnet already has its share of the bucket: not stored. */
    Offer OVER_QUOTA = new OverQuota();

    record Added() implements Offer { }

    record Updated() implements Offer { }

    record Self() implements Offer { }

    record OverQuota() implements Offer { }

    /**
     * The bucket is full: the newcomer waits in the replacement cache, and {@code leastRecentlySeen}
     * should be pinged; it is evicted (and the newest replacement promoted) only if it fails.
     */
    record BucketFull(KBucket.Entry leastRecentlySeen) implements Offer { }
}
