package peerconnect.ports;

import peerconnect.domain.NodeAddress;

/** Takes each datagram a transport receives (in practice, the dispatcher's {@code onDatagram}). */
@FunctionalInterface
public interface DatagramReceiver {
    /** Called once per datagram; must not block and should not throw. The array belongs to the receiver. */
    void onDatagram(NodeAddress from, byte[] datagram);
}
