package peerconnect.adapter.udp;

import java.net.NetworkInterface;
import java.util.List;
import peerconnect.domain.CounterSink;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;

/** A {@link DatagramTransport} on real UDP sockets, with its socket-level counters. Thread-safe. */
public interface UdpTransport extends DatagramTransport {

    /** The socket-level counters. */
    UdpTransportStats stats();

    /** The interface multicast is joined and sent on. */
    NetworkInterface networkInterface();

    /** The groups joined now (from the configuration and {@link #joinGroup}). */
    @Override
    List<NodeAddress> groups();

    /** Reports {@link #stats()} as {@code udp.received}, {@code udp.sent}, ... under the names of its components. */
    @Override
    default void reportCounters(CounterSink sink) {
        UdpTransportStats s = stats();
        sink.counter("udp.received", s.received());
        sink.counter("udp.sent", s.sent());
        sink.counter("udp.sendErrors", s.sendErrors());
        sink.counter("udp.receiveErrors", s.receiveErrors());
        sink.counter("udp.oversizeReceived", s.oversizeReceived());
        sink.counter("udp.interfaceChanges", s.interfaceChanges());
        sink.counter("udp.rejoins", s.rejoins());
    }

    /**
     * The IPv4 broadcast addresses of the chosen interface at {@code port} (the subnet broadcast of each
     * IPv4 address it has), for the broadcast fallback of discovery; empty if it has none.
     */
    List<NodeAddress> broadcastAddresses(int port);

    /**
     * {@inheritDoc}
     *
     * <p>May block briefly when the kernel's send buffer is full. A datagram the kernel refuses (no
     * route, network down) is counted in {@link UdpTransportStats#sendErrors()} and lost, like any
     * UDP datagram.
     *
     * @throws peerconnect.domain.MessageTooLargeException if larger than the configured maximum
     * @throws IllegalArgumentException if {@code to} is of an address family this endpoint cannot reach
     *                                  (an IPv6 address on an IPv4-only endpoint)
     */
    @Override
    void send(NodeAddress to, byte[] datagram);

    /**
     * {@inheritDoc}
     *
     * <p>Joins on the chosen interface only, never through INADDR_ANY. Joining a joined group is harmless.
     *
     * @throws UdpEndpointException if the group cannot be joined on the interface
     */
    @Override
    void joinGroup(NodeAddress group);
}
