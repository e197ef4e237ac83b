package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;

/**
 * {@link ChaCha20Poly1305} against the JDK's own ChaCha20-Poly1305 cipher as the reference: the same
 * bytes for random keys, nonces, associated data and lengths (every block boundary up to the largest
 * datagram), and each opens what the other sealed.
 */
class ChaCha20Poly1305Properties {
    private static final long SEED = 0xC4AC_4A20L;
    private static final int LARGEST = EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES;

    @Test
    void sealsToTheSameBytesAsTheJdkCipher() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(12, 12), TestGens.bytes(0, 40), TestGens.bytes(0, LARGEST))
                .checkAssert((key, nonce, aad, plain) -> {
                    byte[] ours = new byte[plain.length + ChaCha20Poly1305.TAG_BYTES];
                    new ChaCha20Poly1305(key, 0).seal(nonce, 0, aad, 0, aad.length, plain, 0, plain.length, ours, 0);
                    assertArrayEquals(jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain), ours);
                });
    }

    @Test
    void opensWhatTheJdkCipherSealed() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(12, 12), TestGens.bytes(0, 40), TestGens.bytes(0, LARGEST))
                .checkAssert((key, nonce, aad, plain) -> {
                    byte[] sealed = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
                    byte[] opened = new byte[plain.length];
                    assertTrue(new ChaCha20Poly1305(key, 0).open(nonce, 0, aad, 0, aad.length, sealed, 0, plain.length,
                            opened, 0));
                    assertArrayEquals(plain, opened);
                });
    }

    @Test
    void anyChangedByteOfCiphertextOrTagFailsToOpen() {
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(32, 32), TestGens.bytes(0, 300), integers().all(), integers().between(1, 255))
                .checkAssert((key, plain, where, flip) -> {
                    byte[] nonce = new byte[12];
                    byte[] aad = {DatagramSeal.MAGIC};
                    byte[] sealed = jdk(Cipher.ENCRYPT_MODE, key, nonce, aad, plain);
                    sealed[Math.floorMod(where, sealed.length)] ^= (byte) (int) flip;
                    assertFalse(new ChaCha20Poly1305(key, 0).open(nonce, 0, aad, 0, 1, sealed, 0, plain.length,
                            new byte[plain.length], 0));
                });
    }

    private static byte[] jdk(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("the JDK's ChaCha20-Poly1305 failed", e);
        }
    }
}
