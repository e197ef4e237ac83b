package peerconnect.domain;

/**
 * ChaCha20-Poly1305 (RFC 8439, section 2.8) over byte arrays, one datagram per call: the two ways the
 * {@link DatagramSeal} computes it, {@link ChaCha20Poly1305} for small datagrams and
 * {@link JdkChaCha20Poly1305} for large ones, byte for byte the same. Implementations are thread-safe.
 */
sealed interface Aead permits ChaCha20Poly1305, JdkChaCha20Poly1305 {
    int KEY_BYTES = 32;
    int NONCE_BYTES = 12;
    int TAG_BYTES = 16;

    /**
     * Encrypts {@code length} bytes of {@code in} into {@code out} and writes the 16-byte tag right after
     * them; {@code out} must not overlap {@code in}.
     */
    void seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
              byte[] in, int inOffset, int length, byte[] out, int outOffset);

    /**
     * Verifies the tag that follows the {@code length} bytes of ciphertext in {@code in}; if it
     * verifies, decrypts them into {@code out} and returns true, else writes nothing and returns false.
     * Never throws on any content of {@code in}.
     */
    boolean open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                 byte[] in, int inOffset, int length, byte[] out, int outOffset);
}
