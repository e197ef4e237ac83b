package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestGens;
import peerconnect.testkit.core.TestRandom;

/** Properties of {@link DatagramSeal}: round trip, tamper and wrong-key rejection, no plaintext, unique nonces. */
class DatagramSealProperties {
    private static final long SEED = 0x5EA1_0F_C0DEL;
    private static final NetworkKey KEY_A = NetworkKey.generate(TestRandom.secure(1));
    private static final NetworkKey KEY_B = NetworkKey.generate(TestRandom.secure(2));
    private static final DatagramSeal SEAL_A = DatagramSeal.create(KEY_A, TestRandom.secure(3));
    private static final DatagramSeal OTHER_SEAL_A = DatagramSeal.create(KEY_A, TestRandom.secure(4));
    private static final DatagramSeal SEAL_B = DatagramSeal.create(KEY_B, TestRandom.secure(5));

    @Test
    void whatIsSealedOpensToTheSameBytesUnderTheSameKey() {
        qt().withFixedSeed(SEED).withExamples(2_000)
                .forAll(TestGens.bytes(0, SEAL_A.maxPlaintextBytes()))
                .checkAssert(plain -> {
                    byte[] sealed = SEAL_A.seal(plain);
                    assertEquals(plain.length + DatagramSeal.OVERHEAD_BYTES, sealed.length);
                    OpenResult.Opened opened = assertInstanceOf(OpenResult.Opened.class, OTHER_SEAL_A.open(sealed));
                    assertArrayEquals(plain, opened.plaintext());
                });
    }

    @Test
    void changingAnySingleByteIsRejected() {
        qt().withFixedSeed(SEED).withExamples(5_000)
                .forAll(TestGens.bytes(0, 300), integers().all(), integers().between(1, 255))
                .checkAssert((plain, where, flip) -> {
                    byte[] sealed = SEAL_A.seal(plain);
                    int i = Math.floorMod(where, sealed.length);
                    sealed[i] ^= (byte) (int) flip;
                    OpenResult.Rejected r = assertInstanceOf(OpenResult.Rejected.class, SEAL_A.open(sealed));
                    assertEquals(i == 0 ? SealRejection.WRONG_MAGIC : SealRejection.BAD_TAG, r.reason());
                });
    }

    @Test
    void aDatagramSealedWithAnotherKeyCannotBeInjected() {
        qt().withFixedSeed(SEED).withExamples(2_000)
                .forAll(TestGens.bytes(0, SEAL_A.maxPlaintextBytes()))
                .checkAssert(plain -> assertEquals(new OpenResult.Rejected(SealRejection.BAD_TAG),
                        SEAL_B.open(SEAL_A.seal(plain))));
    }

    @Test
    void randomBytesNeverOpenAndNeverThrow() {
        qt().withFixedSeed(SEED).withExamples(20_000)
                .forAll(TestGens.bytes(0, 1_400))
                .checkAssert(bytes -> {
                    if (bytes.length > 0 && bytes.length % 2 == 0) {
                        bytes[0] = DatagramSeal.MAGIC; // half of them get past the magic check to the tag
                    }
                    assertInstanceOf(OpenResult.Rejected.class, SEAL_A.open(bytes));
                });
    }

    @Test
    void theCiphertextCarriesNoPlaintext() {
        byte[] marker = "PLAINTEXT-MARKER".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(16, marker.length);
        qt().withFixedSeed(SEED).withExamples(1_000)
                .forAll(TestGens.bytes(0, 600), integers().between(0, 600))
                .checkAssert((padding, at) -> {
                    int where = Math.min(at, padding.length);
                    byte[] plain = new byte[padding.length + marker.length];
                    System.arraycopy(padding, 0, plain, 0, where);
                    System.arraycopy(marker, 0, plain, where, marker.length);
                    System.arraycopy(padding, where, plain, where + marker.length, padding.length - where);
                    assertEquals(where, indexOf(plain, marker), "the marker is in the plaintext");
                    assertEquals(-1, indexOf(SEAL_A.seal(plain), marker), "the marker is not in the sealed bytes");
                });
    }

    @Test
    void noNonceRepeatsWithinARun() {
        DatagramSeal seal = DatagramSeal.create(KEY_A, new SecureRandom());
        Set<String> nonces = new HashSet<>();
        byte[] plain = new byte[8];
        for (int i = 0; i < 100_000; i++) {
            byte[] sealed = seal.seal(plain);
            String nonce = java.util.HexFormat.of().formatHex(sealed, 1, 1 + DatagramSeal.NONCE_BYTES);
            assertEquals(true, nonces.add(nonce), () -> "nonce " + nonce + " repeated");
        }
        assertEquals(100_000, nonces.size());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
