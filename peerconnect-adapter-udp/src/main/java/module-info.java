/**
 * Real UDP sockets: NIO DatagramChannel endpoint, IPv4/IPv6 multicast per interface, broadcast.
 * Speaks to the rest of the node through {@code peerconnect.ports} only, never to another adapter.
 */
module peerconnect.adapter.udp {
    requires peerconnect.ports;
    requires org.slf4j;
}
