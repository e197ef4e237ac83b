package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@link ChaCha20Poly1305} against the AEAD test vector of RFC 8439, section 2.8.2. */
class ChaCha20Poly1305Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] KEY = HEX.parseHex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");
    private static final byte[] NONCE = HEX.parseHex("070000004041424344454647");
    private static final byte[] AAD = HEX.parseHex("50515253c0c1c2c3c4c5c6c7");
    private static final byte[] PLAINTEXT = ("Ladies and Gentlemen of the class of '99: If I could offer you only one tip"
            + " for the future, sunscreen would be it.").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CIPHERTEXT = HEX.parseHex(
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                    + "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                    + "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                    + "3ff4def08e4b7a9de576d26586cec64b6116");
    private static final byte[] TAG = HEX.parseHex("1ae10b594f09e26a7e902ecbd0600691");

    private final ChaCha20Poly1305 aead = new ChaCha20Poly1305(KEY);

    @Test
    void sealsTheRfcExampleToItsCiphertextAndTag() {
        byte[] out = new byte[PLAINTEXT.length + Aead.TAG_BYTES];
        aead.seal(NONCE, 0, AAD, 0, AAD.length, PLAINTEXT, 0, PLAINTEXT.length, out, 0);
        assertArrayEquals(concat(CIPHERTEXT, TAG), out);
    }

    @Test
    void opensTheRfcExampleToItsPlaintext() {
        byte[] sealed = concat(CIPHERTEXT, TAG);
        byte[] out = new byte[PLAINTEXT.length];
        assertTrue(aead.open(NONCE, 0, AAD, 0, AAD.length, sealed, 0, CIPHERTEXT.length, out, 0));
        assertArrayEquals(PLAINTEXT, out);
    }

    @Test
    void aChangedAssociatedByteFailsAndWritesNoPlaintext() {
        byte[] sealed = concat(CIPHERTEXT, TAG);
        byte[] aad = AAD.clone();
        aad[0] ^= 1;
        byte[] out = new byte[PLAINTEXT.length];
        assertFalse(aead.open(NONCE, 0, aad, 0, aad.length, sealed, 0, CIPHERTEXT.length, out, 0));
        assertArrayEquals(new byte[PLAINTEXT.length], out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
