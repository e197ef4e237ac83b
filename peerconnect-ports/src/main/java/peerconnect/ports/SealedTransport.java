package peerconnect.ports;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.OpenResult;
import peerconnect.domain.ReplayWindow;

/**
 * A transport that seals every datagram it sends with a network key and opens every datagram it
 * receives, passing on only those that verify: the optional network key, wrapped around any other
 * transport (UDP or the in-memory network). Rejected datagrams never reach the receiver; they are
 * counted in {@link #stats()}.
 * Before opening a datagram it asks the receiver whether its source may be heard at all
 * ({@link DatagramReceiver#admitSealed}), so a flood is refused by the rate limits before any cipher work.
 * Datagrams that open but repeat an accepted nonce are refused as replays by a {@link ReplayWindow}.
 *
 * <p>The wrapped codec must not write datagrams above {@link DatagramSeal#maxPlaintextBytes()};
 * {@link #send} throws {@link peerconnect.domain.MessageTooLargeException} for those, as the codec would.
 */
public final class SealedTransport extends ForwardingTransport {
    private final DatagramSeal seal;
    private final LongAdder sealed = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder badLength = new LongAdder();
    private final LongAdder wrongMagic = new LongAdder();
    private final LongAdder badTag = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final ReplayWindow replayWindow;

    private SealedTransport(DatagramTransport inner, DatagramSeal seal, ReplayWindow replayWindow) {
        super(inner);
        this.seal = Objects.requireNonNull(seal, "seal");
        this.replayWindow = Objects.requireNonNull(replayWindow, "replayWindow");
    }

    /** {@code inner}, with every datagram sealed and opened by {@code seal} and replays refused by a default {@link ReplayWindow}. */
    public static SealedTransport wrap(DatagramTransport inner, DatagramSeal seal) {
        return new SealedTransport(inner, seal, ReplayWindow.create());
    }

    /** {@code inner}, with every datagram sealed and opened by {@code seal} and replays refused by {@code replayWindow}. */
    public static SealedTransport wrap(DatagramTransport inner, DatagramSeal seal, ReplayWindow replayWindow) {
        return new SealedTransport(inner, seal, replayWindow);
    }

    /** The seal in use (for its size budget). */
    public DatagramSeal seal() {
        return seal;
    }

    /** A snapshot of the counters; safe from any thread. */
    public SealStats stats() {
        return new SealStats(sealed.sum(), opened.sum(), badLength.sum(), wrongMagic.sum(), badTag.sum(),
                replayed.sum(), rateLimited.sum());
    }

    @Override
    public void start(DatagramReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        inner().start(new DatagramReceiver() {
            @Override
            public void onDatagram(NodeAddress from, byte[] datagram) {
                if (admitted(from, receiver)) {
                    deliver(from, seal.open(datagram), ByteBuffer.wrap(datagram), 0, receiver);
                }
            }

            @Override
            public void onDatagram(NodeAddress from, ByteBuffer datagram) {
                // Opening already copies into a fresh plaintext array, so no extra copy of the buffer.
                if (admitted(from, receiver)) {
                    deliver(from, seal.open(datagram), datagram, datagram.position(), receiver);
                }
            }
        });
    }

    // The receiver's limits run before the seal is opened: refusing a flood must cost no cipher work.
    private boolean admitted(NodeAddress from, DatagramReceiver receiver) {
        if (receiver.admitSealed(from)) {
            return true;
        }
        rateLimited.increment();
        return false;
    }

    // The replay check sits here rather than in DatagramSeal.open: the seal stays a stateless codec
    // (open is repeatable, as its tests rely on), and the window is per receiving node, not per key.
    private void deliver(NodeAddress from, OpenResult result, ByteBuffer sealed, int start, DatagramReceiver receiver) {
        switch (result) {
            case OpenResult.Opened o -> {
                // The nonce is authenticated: a changed nonce would not have verified.
                if (!replayWindow.accept(sealed.getInt(start + 1), sealed.getLong(start + 5))) {
                    replayed.increment();
                    return;
                }
                opened.increment();
                receiver.onOpenedDatagram(from, o.plaintext());
            }
            case OpenResult.Rejected r -> {
                switch (r.reason()) {
                    case BAD_LENGTH -> badLength.increment();
                    case WRONG_MAGIC -> wrongMagic.increment();
                    case BAD_TAG -> badTag.increment();
                    case REPLAYED -> replayed.increment();
                }
            }
        }
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        byte[] out = seal.seal(datagram);
        inner().send(to, out);
        sealed.increment();
    }
}
