/**
 * The Kademlia DHT (root code 0x00): routing table, iterative lookups, values, peer lists.
 * Speaks to the rest of the node through {@code peerconnect.ports} only, never to another adapter.
 */
module peerconnect.adapter.kademlia {
    requires peerconnect.ports;
    requires org.slf4j;
}
