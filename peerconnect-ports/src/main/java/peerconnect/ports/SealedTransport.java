package peerconnect.ports;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.OpenResult;

/**
 * A transport that seals every datagram it sends with a network key and opens every datagram it
 * receives, passing on only those that verify: the optional network key, wrapped around any other
 * transport (UDP or the in-memory network). Rejected datagrams never reach the receiver; they are
 * counted in {@link #stats()}.
 *
 * <p>The wrapped codec must not write datagrams above {@link DatagramSeal#maxPlaintextBytes()};
 * {@link #send} throws {@link peerconnect.domain.MessageTooLargeException} for those, as the codec would.
 */
public final class SealedTransport implements DatagramTransport {
    private final DatagramTransport inner;
    private final DatagramSeal seal;
    private final LongAdder sealed = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder badLength = new LongAdder();
    private final LongAdder wrongMagic = new LongAdder();
    private final LongAdder badTag = new LongAdder();

    private SealedTransport(DatagramTransport inner, DatagramSeal seal) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.seal = Objects.requireNonNull(seal, "seal");
    }

    /** {@code inner}, with every datagram sealed and opened by {@code seal}. */
    public static SealedTransport wrap(DatagramTransport inner, DatagramSeal seal) {
        return new SealedTransport(inner, seal);
    }

    /** The wrapped transport (for its own counters). */
    public DatagramTransport inner() {
        return inner;
    }

    /** The seal in use (for its size budget). */
    public DatagramSeal seal() {
        return seal;
    }

    /** A snapshot of the counters; safe from any thread. */
    public SealStats stats() {
        return new SealStats(sealed.sum(), opened.sum(), badLength.sum(), wrongMagic.sum(), badTag.sum());
    }

    @Override
    public NodeAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public void start(DatagramReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        inner.start(new DatagramReceiver() {
            @Override
            public void onDatagram(NodeAddress from, byte[] datagram) {
                deliver(from, seal.open(datagram), receiver);
            }

            @Override
            public void onDatagram(NodeAddress from, ByteBuffer datagram) {
                // Opening already copies into a fresh plaintext array, so no extra copy of the buffer.
                deliver(from, seal.open(datagram), receiver);
            }
        });
    }

    private void deliver(NodeAddress from, OpenResult result, DatagramReceiver receiver) {
        switch (result) {
            case OpenResult.Opened o -> {
                opened.increment();
                receiver.onDatagram(from, o.plaintext());
            }
            case OpenResult.Rejected r -> {
                switch (r.reason()) {
                    case BAD_LENGTH -> badLength.increment();
                    case WRONG_MAGIC -> wrongMagic.increment();
                    case BAD_TAG -> badTag.increment();
                }
            }
        }
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        byte[] out = seal.seal(datagram);
        inner.send(to, out);
        sealed.increment();
    }

    @Override
    public void joinGroup(NodeAddress group) {
        inner.joinGroup(group);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "SealedTransport[" + inner + "]";
    }
}
