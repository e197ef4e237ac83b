package peerconnect.ports.memory;

/**
 * A snapshot of datagram counters, of one endpoint or of a whole {@link InMemoryNetwork}. Losses are
 * charged to the sender, deliveries to the receiver. Network-wide, once nothing is in flight and
 * only unicast was sent, {@code sent + duplicated == delivered + lostToLoss + lostToPartition +
 * undeliverable}; a multicast or broadcast adds one copy per recipient.
 *
 * @param sent            datagrams handed to {@code send}
 * @param delivered       copies handed to a receiver
 * @param lostToLoss      copies the loss model dropped
 * @param lostToPartition copies dropped because sender and receiver were partitioned or isolated
 * @param duplicated      extra copies the network made
 * @param undeliverable   copies that found no receiver: unknown address, a group nobody joined, or a
 *                        receiver closed or not yet started when the copy arrived
 */
public record TrafficStats(long sent, long delivered, long lostToLoss, long lostToPartition, long duplicated,
                           long undeliverable) {

    /** Copies that were dropped for any reason. */
    public long lost() {
        return lostToLoss + lostToPartition + undeliverable;
    }
}
