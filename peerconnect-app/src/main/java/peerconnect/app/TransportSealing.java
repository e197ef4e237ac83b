package peerconnect.app;

import java.security.SecureRandom;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.SealedTransport;

/** The network key's part of a node's composition: the seal around its transport, and the codec that leaves room for it. */
final class TransportSealing {
    private TransportSealing() {
    }

    /** {@code transport}, sealed under {@code key}. */
    static SealedTransport seal(DatagramTransport transport, NetworkKey key) {
        // SecureRandom, not the node's RandomGenerator: the nonce start must be unpredictable (see DatagramSeal).
        return SealedTransport.wrap(transport, DatagramSeal.create(key, new SecureRandom()));
    }

    /** The codec for {@code transport}: with a seal, envelopes leave room for its 29 bytes. */
    static EnvelopeCodec codecFor(DatagramTransport transport) {
        return transport instanceof SealedTransport sealed
                ? EnvelopeCodec.withMaxDatagramBytes(sealed.seal().maxPlaintextBytes())
                : EnvelopeCodec.create();
    }
}
