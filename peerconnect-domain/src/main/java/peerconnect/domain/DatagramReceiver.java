package peerconnect.domain;

import java.nio.ByteBuffer;

/**
 * Takes each datagram a transport receives: the one way into a node. In practice this is the
 * {@link RequestsDispatcher}, whose inbound pipeline does everything else (admit, open, decode,
 * route). The transport port names this type, so the domain never names a port type.
 */
@FunctionalInterface
public interface DatagramReceiver {
    /** Called once per datagram; must not block and should not throw. The array belongs to the receiver. */
    void onDatagram(NodeAddress from, byte[] datagram);

    /**
     * The same, for transports that receive into a reused buffer (the UDP adapter): the datagram is
     * between position and limit of {@code datagram}. The buffer belongs to the transport and is
     * overwritten after this returns, so the receiver must not keep it nor change its content. The
     * default copies it into an array; the dispatcher reads it in place instead, on the same path.
     */
    default void onDatagram(NodeAddress from, ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(datagram.position(), copy);
        onDatagram(from, copy);
    }
}
