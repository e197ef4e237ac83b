/**
 * Gossip (root code 0x02): rumor mongering, peer search by name and anti-entropy pulls. Exports its
 * factory ({@code GossipNodes}), settings, node interface and the value types in their signatures;
 * the engine behind them is package-private. Speaks to the rest of the node through
 * {@code peerconnect.ports} only, never to another adapter; peers come from the
 * {@code PeerDirectory} port. The simulation that measures coverage and cost lives with the tools,
 * in the app.
 */
module peerconnect.adapter.gossip {
    requires peerconnect.ports;
    requires org.slf4j;

    exports peerconnect.adapter.gossip;
}
