package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;

/**
 * Both {@link Aead}s ({@link ChaCha20Poly1305} and the pooled {@link JdkChaCha20Poly1305}) against the
 * JDK's ChaCha20-Poly1305 cipher used directly as the reference: the same bytes for random keys,
 * nonces, associated data and lengths (every block boundary up to the largest datagram), each opens
 * what the reference sealed, and refuses any changed byte.
 */
class ChaCha20Poly1305Properties {
    private static final long SEED = 0xC4AC_4A20L;
    private static final int LARGEST = EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES;
    private static final List<Function<byte[], Aead>> AEADS = List.of(ChaCha20Poly1305::new, JdkChaCha20Poly1305::new);

    @Test
    void sealsToTheSameBytesAsTheJdkCipher() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(12, 12), TestGens.bytes(0, 40), TestGens.bytes(0, LARGEST))
                .checkAssert((key, nonce, aad, plain) -> {
                    byte[] reference = jdk(key, nonce, aad, plain);
                    for (Function<byte[], Aead> aead : AEADS) {
                        byte[] ours = new byte[plain.length + Aead.TAG_BYTES];
                        aead.apply(key).seal(nonce, 0, aad, 0, aad.length, plain, 0, plain.length, ours, 0);
                        assertArrayEquals(reference, ours);
                    }
                });
    }

    @Test
    void opensWhatTheJdkCipherSealed() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(12, 12), TestGens.bytes(0, 40), TestGens.bytes(0, LARGEST))
                .checkAssert((key, nonce, aad, plain) -> {
                    byte[] sealed = jdk(key, nonce, aad, plain);
                    for (Function<byte[], Aead> aead : AEADS) {
                        byte[] opened = new byte[plain.length];
                        assertTrue(aead.apply(key).open(nonce, 0, aad, 0, aad.length, sealed, 0, plain.length, opened, 0));
                        assertArrayEquals(plain, opened);
                    }
                });
    }

    @Test
    void anyChangedByteOfCiphertextOrTagFailsToOpen() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(0, 300), integers().all(), integers().between(1, 255))
                .checkAssert((key, plain, where, flip) -> {
                    byte[] nonce = new byte[12];
                    byte[] aad = {DatagramSeal.MAGIC};
                    byte[] sealed = jdk(key, nonce, aad, plain);
                    sealed[Math.floorMod(where, sealed.length)] ^= (byte) (int) flip;
                    for (Function<byte[], Aead> aead : AEADS) {
                        byte[] opened = new byte[plain.length];
                        assertFalse(aead.apply(key).open(nonce, 0, aad, 0, 1, sealed, 0, plain.length, opened, 0));
                        assertArrayEquals(new byte[plain.length], opened, "nothing written");
                    }
                });
    }

    private static byte[] jdk(byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the JDK's ChaCha20-Poly1305 failed", e);
        }
    }
}
