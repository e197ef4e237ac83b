package peerconnect.domain;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The optional shared secret of a private network: 32 bytes, the key of the ChaCha20-Poly1305 AEAD
 * that seals every datagram (see {@link DatagramSeal}). Nodes with different keys cannot read nor
 * inject each other's datagrams, so they never merge.
 *
 * <p>Key file format: the 64 hexadecimal digits of the key on one line (either case); leading and
 * trailing whitespace, including a final newline, is ignored. Nothing else may be in the file. The
 * {@link #toString()} never shows the key.
 */
public final class NetworkKey {
    /** Key length of ChaCha20-Poly1305. */
    public static final int BYTES = 32;

    private final byte[] bytes;

    private NetworkKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The key whose bytes are {@code bytes} (copied).
     *
     * @throws InvalidNetworkKeyException if it is not {@value #BYTES} bytes long
     */
    public static NetworkKey of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new InvalidNetworkKeyException("a network key is " + BYTES + " bytes, got " + bytes.length);
        }
        return new NetworkKey(bytes.clone());
    }

    /** A fresh key from {@code random}, which must be a cryptographically strong generator. */
    public static NetworkKey generate(SecureRandom random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new NetworkKey(b);
    }

    /**
     * The key written in {@code keyFileText}, the whole content of a key file.
     *
     * @throws InvalidNetworkKeyException with a one-sentence reason if the text is not 64 hex digits
     */
    public static NetworkKey parse(CharSequence keyFileText) {
        String text = keyFileText.toString().strip();
        if (text.isEmpty()) {
            throw new InvalidNetworkKeyException("the network key file is empty; it must hold 64 hex digits");
        }
        if (text.length() != 2 * BYTES) {
            throw new InvalidNetworkKeyException("a network key must be " + 2 * BYTES
                    + " hex digits on one line, got " + text.length() + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                throw new InvalidNetworkKeyException("a network key holds only hex digits 0-9 and a-f;"
                        + " found another character at position " + (i + 1));
            }
        }
        return new NetworkKey(HexFormat.of().parseHex(text));
    }

    /** The key file text for this key: 64 lower-case hex digits and a newline. */
    public String toKeyFileText() {
        return HexFormat.of().formatHex(bytes) + "\n";
    }

    /** A copy of the 32 key bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        // Constant time, so a comparison never leaks how many leading bytes matched.
        return o instanceof NetworkKey other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 0x4e4b; // no key bits in hash tables
    }

    @Override
    public String toString() {
        return "NetworkKey[hidden]";
    }
}
