package peerconnect.ports.memory;

/** The mutable counters behind a {@link TrafficStats}; confined to the scheduler's thread like the network. */
final class TrafficCounter {
    long sent;
    long delivered;
    long lostToLoss;
    long lostToPartition;
    long duplicated;
    long undeliverable;

    TrafficStats snapshot() {
        return new TrafficStats(sent, delivered, lostToLoss, lostToPartition, duplicated, undeliverable);
    }
}
