package peerconnect.app.node;

import java.security.SecureRandom;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;

/** The network key's part of a node's composition: the seal its dispatcher seals and opens every datagram with. */
public final class NetworkKeySeals {
    private NetworkKeySeals() {
    }

    /** A seal under {@code key}; the dispatcher's codec then leaves room for the seal's 29 bytes by itself. */
    public static DatagramSeal seal(NetworkKey key) {
        // SecureRandom, not the node's RandomGenerator: the nonce start must be unpredictable (see DatagramSeal).
        return DatagramSeal.create(key, new SecureRandom());
    }
}
