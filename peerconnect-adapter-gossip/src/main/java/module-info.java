/**
 * Gossip (root code 0x02): rumor mongering, peer search by name and anti-entropy pulls, plus the
 * seeded simulation harness that proves their coverage and cost on the in-memory network.
 * Speaks to the rest of the node through {@code peerconnect.ports} only, never to another adapter;
 * peers come from the {@code PeerDirectory} port.
 */
module peerconnect.adapter.gossip {
    requires peerconnect.ports;
    requires org.slf4j;

    exports peerconnect.adapter.gossip;
}
