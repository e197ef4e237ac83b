package peerconnect.ports;

import java.nio.ByteBuffer;
import java.util.Objects;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestsDispatcher;

/** Takes each datagram a transport receives (in practice, the dispatcher's {@code onDatagram}). */
@FunctionalInterface
public interface DatagramReceiver {
    /** Called once per datagram; must not block and should not throw. The array belongs to the receiver. */
    void onDatagram(NodeAddress from, byte[] datagram);

    /**
     * Called once per datagram by transports that receive into a reused buffer (the UDP adapter): the
     * datagram is between position and limit of {@code datagram}. The buffer belongs to the transport
     * and is overwritten after this returns, so the receiver must not keep it nor change its content.
     * The default copies it into an array for {@link #onDatagram(NodeAddress, byte[])}; a receiver
     * that can decode straight from the buffer overrides it to save that copy.
     */
    default void onDatagram(NodeAddress from, ByteBuffer datagram) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(datagram.position(), copy);
        onDatagram(from, copy);
    }

    /**
     * Called by transports that cannot read a datagram before they do costly work on it (a
     * {@link SealedTransport} must open the seal): whether a datagram from {@code from} may be opened
     * at all. A datagram it refuses is dropped unread and counted by the receiver; one it admits is
     * handed over through {@link #onOpenedDatagram} once opened. The default admits everything.
     */
    default boolean admitSealed(NodeAddress from) {
        return true;
    }

    /** Called with the content of a datagram that {@link #admitSealed} admitted. The default is {@link #onDatagram(NodeAddress, byte[])}. */
    default void onOpenedDatagram(NodeAddress from, byte[] datagram) {
        onDatagram(from, datagram);
    }

    /**
     * The receiver that feeds {@code dispatcher}, decoding reused buffers in place (no copy before
     * the codec). Prefer it to {@code dispatcher::onDatagram}, which would copy every buffer first.
     */
    static DatagramReceiver dispatchingTo(RequestsDispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        return new DatagramReceiver() {
            @Override
            public void onDatagram(NodeAddress from, byte[] datagram) {
                dispatcher.onDatagram(from, datagram);
            }

            @Override
            public void onDatagram(NodeAddress from, ByteBuffer datagram) {
                dispatcher.onDatagram(from, datagram);
            }

            @Override
            public boolean admitSealed(NodeAddress from) {
                return dispatcher.admitSealed(from);
            }

            @Override
            public void onOpenedDatagram(NodeAddress from, byte[] datagram) {
                dispatcher.onOpenedDatagram(from, datagram);
            }
        };
    }
}
