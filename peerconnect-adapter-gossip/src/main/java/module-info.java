/**
 * Gossip (root code 0x02): rumor mongering and peer search.
 * Speaks to the rest of the node through {@code peerconnect.ports} only, never to another adapter.
 */
module peerconnect.adapter.gossip {
    requires peerconnect.ports;
    requires org.slf4j;
}
