package peerconnect.domain;

/**
 * Checks one Ed25519 signature: whether {@code signature} is the signature of {@code data} by the raw
 * 32-byte public key {@code publicKey}. Total: a bad key or signature is {@code false}, never an
 * exception. Must be thread-safe and must not block.
 *
 * <p>The node uses {@link #ed25519()}. A simulation of many nodes in one JVM may share a memoizing
 * one, so that the same bytes are checked once per JVM instead of once per simulated node: what goes
 * over the wire is the same, only the CPU spent differs.
 */
@FunctionalInterface
public interface SignatureVerifier {

    /** Whether the signature is valid (see the class comment). */
    boolean verify(byte[] publicKey, byte[] data, byte[] signature);

    /** The real check: {@link NodeKey#verify}, Ed25519 from {@code java.base}. */
    static SignatureVerifier ed25519() {
        return NodeKey::verify;
    }
}
