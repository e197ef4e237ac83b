/**
 * The Kademlia DHT (root code 0x00): routing table, iterative lookups, values, peer lists and saved
 * state. Speaks to the rest of the node through {@code peerconnect.ports} only, never to another
 * adapter. The simulation that measures it on thousands of in-memory nodes is a tool of the app, and
 * sees only what is exported here.
 */
module peerconnect.adapter.kademlia {
    requires peerconnect.ports;
    requires org.slf4j;

    // The factory (KademliaNodes), its config (KademliaConfig, KademliaQuotas), the node interface
    // (KademliaNode) and the value types their signatures name (KademliaStats, RejectReason,
    // LookupTrace, PeerListKeys); implementation classes are package-private.
    exports peerconnect.adapter.kademlia;
}
