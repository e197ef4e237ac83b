package peerconnect.adapter.udp;

/**
 * Counters of one UDP endpoint, at the socket level. What happens to a datagram after it is handed to
 * the receiver (decoded, dispatched, dropped by reason) is counted by the dispatcher.
 *
 * @param received          datagrams read from any of the endpoint's sockets and handed to the receiver
 * @param sent              datagrams the kernel accepted for sending
 * @param sendErrors        sends that failed (no route, network down, buffer full); the datagram is lost
 * @param receiveErrors     failed reads (ICMP errors, transient socket errors), logged and survived
 * @param oversizeReceived  datagrams longer than the maximum: the kernel truncated them to the buffer;
 *                          they are still handed on, and the codec drops them as {@code OVERSIZE}
 * @param interfaceChanges  times the chosen interface was seen to go down, come back or be re-created
 * @param rejoins           times the multicast groups were joined again after such a change
 */
public record UdpTransportStats(long received, long sent, long sendErrors, long receiveErrors, long oversizeReceived,
                                long interfaceChanges, long rejoins) {
}
