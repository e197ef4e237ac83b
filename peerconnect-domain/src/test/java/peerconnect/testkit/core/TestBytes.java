package peerconnect.testkit.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small byte-array helpers the tests of every module use. */
public final class TestBytes {
    private TestBytes() {
    }

    /** The UTF-8 bytes of {@code text}. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code bytes} read as UTF-8. */
    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code length} bytes, each {@code value} (its low eight bits). */
    public static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** A copy of {@code bytes} with the byte at {@code index} set to {@code value}. */
    public static byte[] with(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }
}
