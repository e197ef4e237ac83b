package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestRandom;

/** The key file format of {@link NetworkKey}. */
class NetworkKeyTest {
    private static final String HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    @Test
    void parsesSixtyFourHexDigitsIgnoringSurroundingWhitespace() {
        NetworkKey key = NetworkKey.parse("  " + HEX.toUpperCase() + "\r\n");
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, key.bytes());
        assertEquals(HEX + "\n", key.toKeyFileText());
        assertEquals(key, NetworkKey.parse(key.toKeyFileText()));
        assertEquals(key, NetworkKey.of(expected));
    }

    @Test
    void badFilesGiveOneSentenceTypedErrors() {
        assertMessage("empty", "");
        assertMessage("64 hex digits", HEX.substring(2));
        assertMessage("64 hex digits", HEX + "00");
        assertMessage("position 3", "00g" + HEX.substring(3));
        assertMessage("64 hex digits", HEX.substring(0, 32) + "\n" + HEX.substring(32));
        assertMessage("position 1", "\uff10" + HEX.substring(1)); // a full-width digit is not hex here
        assertThrows(InvalidNetworkKeyException.class, () -> NetworkKey.of(new byte[31]));
    }

    @Test
    void neverShowsTheKeyAndComparesByValue() {
        NetworkKey key = NetworkKey.parse(HEX);
        assertFalse(key.toString().contains("0a0b"), key.toString());
        NetworkKey generated = NetworkKey.generate(TestRandom.secure(1));
        assertNotEquals(key, generated);
        assertEquals(key.hashCode(), generated.hashCode());
    }

    private static void assertMessage(String expected, String text) {
        InvalidNetworkKeyException e = assertThrows(InvalidNetworkKeyException.class, () -> NetworkKey.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }
}
