package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestRandom;

class NodeKeyTest {
    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032, section 7.1, TEST 1 (empty message).
    private static final String RFC_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void signsAsRfc8032Says() {
        NodeKey key = NodeKey.of(HEX.parseHex(RFC_SECRET), HEX.parseHex(RFC_PUBLIC));
        assertEquals(RFC_SIGNATURE, HEX.formatHex(key.sign(new byte[0])));
        assertTrue(NodeKey.verify(HEX.parseHex(RFC_PUBLIC), new byte[0], HEX.parseHex(RFC_SIGNATURE)));
    }

    @Test
    void thePeerIdIsTheFirst20BytesOfTheSha256OfThePublicKey() throws Exception {
        NodeKey key = NodeKey.generate(TestRandom.secure(1));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.publicKey());
        assertArrayEquals(Arrays.copyOf(digest, 20), key.peerId().toBytes());
        assertEquals(key.peerId(), NodeKey.peerIdOf(key.publicKey()));
        assertEquals(HEX.formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(HEX.parseHex(RFC_PUBLIC)), 20)),
                NodeKey.peerIdOf(HEX.parseHex(RFC_PUBLIC)).toHex());
    }

    @Test
    void aSeededGeneratorGivesTheSameKeyAndDifferentSeedsDifferentKeys() {
        assertEquals(NodeKey.generate(TestRandom.secure(7)), NodeKey.generate(TestRandom.secure(7)));
        assertNotEquals(NodeKey.generate(TestRandom.secure(7)), NodeKey.generate(TestRandom.secure(8)));
    }

    @Test
    void aSignatureVerifiesOnlyForItsDataAndKey() {
        NodeKey key = NodeKey.generate(TestRandom.secure(2));
        NodeKey other = NodeKey.generate(TestRandom.secure(3));
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = key.sign(data);
        assertEquals(NodeKey.SIGNATURE_BYTES, signature.length);
        assertTrue(NodeKey.verify(key.publicKey(), data, signature));
        assertFalse(NodeKey.verify(other.publicKey(), data, signature));
        assertFalse(NodeKey.verify(key.publicKey(), "hellp".getBytes(StandardCharsets.US_ASCII), signature));
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        assertFalse(NodeKey.verify(key.publicKey(), data, flipped));
        assertFalse(NodeKey.verify(key.publicKey(), data, Arrays.copyOf(signature, 63)));
        assertFalse(NodeKey.verify(new byte[31], data, signature));
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        assertFalse(NodeKey.verify(notAPoint, data, signature));
    }

    @Test
    void theKeyFileTextRoundTripsAndHidesNothingItShouldNot() {
        NodeKey key = NodeKey.generate(TestRandom.secure(4));
        String text = key.toKeyFileText();
        assertTrue(text.startsWith("ed25519-private "), text);
        assertTrue(text.contains("\ned25519-public " + HEX.formatHex(key.publicKey()) + "\n"), text);
        NodeKey parsed = NodeKey.parse(text);
        assertEquals(key, parsed);
        assertEquals(key.peerId(), parsed.peerId());
        byte[] data = {1, 2, 3};
        assertArrayEquals(key.sign(data), parsed.sign(data), "same private key: Ed25519 signatures are deterministic");
        String privateHex = text.substring("ed25519-private ".length(), "ed25519-private ".length() + 64);
        assertFalse(key.toString().contains(privateHex), key.toString());
    }

    @Test
    void badKeyFileTextIsRefusedWithAReason() {
        NodeKey a = NodeKey.generate(TestRandom.secure(5));
        NodeKey b = NodeKey.generate(TestRandom.secure(6));
        String aText = a.toKeyFileText();
        String mixed = aText.lines().findFirst().orElseThrow() + "\n" + b.toKeyFileText().lines().skip(1).findFirst().orElseThrow();
        for (String bad : new String[] {"", "ed25519-private 00", aText.lines().findFirst().orElseThrow(),
                aText.replace("ed25519-public", "ed25519-publik"), aText.replace('a', 'g').replace('b', 'g'),
                aText + "extra\n", mixed}) {
            InvalidNodeKeyException e = assertThrows(InvalidNodeKeyException.class, () -> NodeKey.parse(bad), bad);
            assertFalse(e.getMessage().isBlank());
        }
        assertThrows(InvalidNodeKeyException.class, () -> NodeKey.of(new byte[31], a.publicKey()));
    }
}
