/**
 * Real UDP sockets: the requests endpoint on NIO {@code DatagramChannel}s, IPv4/IPv6 multicast joined
 * on a chosen interface, IPv4 broadcast. Speaks to the rest of the node through
 * {@code peerconnect.ports} only, never to another adapter.
 */
module peerconnect.adapter.udp {
    // transitive: the API (UdpTransports.create, UdpTransport) speaks in port and domain types
    // (Scheduler, DatagramTransport, NodeAddress), so whoever reads this module must read those too.
    requires transitive peerconnect.ports;
    requires org.slf4j;

    // The API: UdpTransports (factory), UdpEndpointConfig, UdpTransport, its stats and exception.
    // Everything else in the package is package-private.
    exports peerconnect.adapter.udp;
}
