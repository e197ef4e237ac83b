package peerconnect.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A signed node record, in the spirit of Ethereum's ENR (EIP-778): who a node is (its peer id, bound
 * to its public key: the id is derived from the key, see {@link NodeKey}), what it is called, where
 * its requests endpoint listens, and a sequence number; signed by the node key, so that whoever
 * passes the record on cannot change a byte of it. A record with a higher sequence number replaces
 * an older one of the same node ({@link NodeRecordBook}). Layout in {@code docs/PROTOCOL.md},
 * "Node records"; {@link NodeRecordCodec} encodes and decodes it.
 *
 * <p>A record made by {@link #sign} or decoded is not yet known to be valid: {@link #verify} (or a
 * {@link NodeRecordBook}) says whether its signature holds. Arrays are copied in and out.
 *
 * @param name      the node's name, at most {@value NodeRecordCodec#MAX_NAME_BYTES} bytes of UTF-8
 * @param addresses 1 to {@value NodeRecordCodec#MAX_ADDRESSES} unicast addresses of its requests endpoint
 * @param sequence  higher is newer; a node uses its clock in milliseconds when it signs
 * @param publicKey the node's raw 32-byte Ed25519 public key
 * @param signature 64 bytes: the key's signature over {@link NodeRecordCodec#signedBytes}
 */
public record NodeRecord(String name, List<NodeAddress> addresses, long sequence, byte[] publicKey,
                         byte[] signature) {

    public NodeRecord {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        NodeRecordCodec.checkContent(name, addresses);
        if (publicKey.length != NodeKey.KEY_BYTES || signature.length != NodeKey.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a record holds a " + NodeKey.KEY_BYTES + "-byte key and a "
                    + NodeKey.SIGNATURE_BYTES + "-byte signature, got " + publicKey.length + " and "
                    + signature.length);
        }
        publicKey = publicKey.clone();
        signature = signature.clone();
    }

    /**
     * The record of {@code key}'s node, signed by it.
     *
     * @throws IllegalArgumentException if the name is too long or the addresses are none, too many or
     *                                  not unicast
     */
    public static NodeRecord sign(NodeKey key, String name, List<NodeAddress> addresses, long sequence) {
        byte[] signed = NodeRecordCodec.signedBytes(name, addresses, sequence, key.publicKey());
        return new NodeRecord(name, addresses, sequence, key.publicKey(), key.sign(signed));
    }

    /** The peer id this record is about: the one derived from its public key. */
    public PeerId peerId() {
        return NodeKey.peerIdOf(publicKey);
    }

    /** The bytes the signature covers ({@link NodeRecordCodec#signedBytes}). */
    public byte[] signedBytes() {
        return NodeRecordCodec.signedBytes(name, addresses, sequence, publicKey);
    }

    /** Whether the signature holds, checked now with {@code verifier} (no cache, no budget). */
    public boolean verify(SignatureVerifier verifier) {
        return verifier.verify(publicKey, signedBytes(), signature);
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
        return o instanceof NodeRecord r && name.equals(r.name) && addresses.equals(r.addresses)
                && sequence == r.sequence && Arrays.equals(publicKey, r.publicKey)
                && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, addresses, sequence, Arrays.hashCode(publicKey), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "NodeRecord[" + peerId().shortHex() + " '" + name + "' " + addresses + " seq=" + sequence + "]";
    }
}
