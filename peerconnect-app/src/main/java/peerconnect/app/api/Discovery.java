package peerconnect.app.api;

/** How a node finds peers besides the addresses given with {@link PeerConnectBuilder#peers}. */
public enum Discovery {
    /**
     * Multicast on the discovery group and broadcast on the local subnets, answered by unicast
     * (the node's default, as {@code peerconnect run}).
     */
    LAN,
    /** No announcements: only the given peers and the contacts saved by the last run are used. */
    OFF
}
