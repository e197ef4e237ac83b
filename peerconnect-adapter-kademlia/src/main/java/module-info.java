/**
 * The Kademlia DHT (root code 0x00): routing table, iterative lookups, values, peer lists, saved
 * state, and the seeded simulation that proves it on thousands of in-memory nodes.
 * Speaks to the rest of the node through {@code peerconnect.ports} only, never to another adapter.
 */
module peerconnect.adapter.kademlia {
    requires peerconnect.ports;
    requires org.slf4j;
    // management: the simulation reports its peak heap (MemoryMXBean, GC beans).
    requires java.management;

    // The factory, config, node interface and the simulation harness; implementation classes are
    // package-private.
    exports peerconnect.adapter.kademlia;
}
