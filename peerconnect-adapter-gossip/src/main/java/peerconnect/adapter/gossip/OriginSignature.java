package peerconnect.adapter.gossip;

import java.util.Arrays;
import peerconnect.domain.NodeKey;

/**
 * The origin's proof on a rumor: its raw Ed25519 public key (from which the origin's peer id is
 * derived, see {@link NodeKey}) and its signature over {@link GossipCodec#signedBytes}. Forwarders
 * pass it on unchanged. The arrays are copied in and out.
 */
record OriginSignature(byte[] publicKey, byte[] signature) {
    OriginSignature {
        if (publicKey.length != NodeKey.KEY_BYTES || signature.length != NodeKey.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("an origin signature is a " + NodeKey.KEY_BYTES + "-byte key and a "
                    + NodeKey.SIGNATURE_BYTES + "-byte signature, got " + publicKey.length + " and " + signature.length);
        }
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OriginSignature s && Arrays.equals(publicKey, s.publicKey)
                && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(publicKey) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "OriginSignature[" + NodeKey.peerIdOf(publicKey).shortHex() + "]";
    }
}
