package peerconnect.domain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 160-bit node identifier (Kademlia paper, section 2). Ids are random — drawn from an injected
 * {@link RandomGenerator} — and never derived from host name, MAC or IP address, so an id says
 * nothing about where a node runs. Ordered as unsigned big-endian integers, which makes XOR
 * distances comparable with {@link #compareTo}.
 */
public final class PeerId implements Comparable<PeerId> {
    /** Length of an id in bytes (160 bits). */
    public static final int BYTES = 20;
    /** Length of an id in bits. */
    public static final int BITS = BYTES * 8;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Draws a fresh id from {@code random}. */
    public static PeerId random(RandomGenerator random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return new PeerId(b);
    }

    /** The id whose big-endian bytes are {@code bytes}; the array is copied. */
    public static PeerId of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a peer id has " + BYTES + " bytes, got " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    /** Reads an id from {@code BYTES} bytes of {@code source} starting at {@code offset}. */
    public static PeerId read(byte[] source, int offset) {
        return new PeerId(Arrays.copyOfRange(source, offset, offset + BYTES));
    }

    /** Parses the 40-character hex form written by {@link #toHex()}. */
    public static PeerId fromHex(String hex) {
        if (hex.length() != BYTES * 2) {
            throw new IllegalArgumentException("a peer id is " + BYTES * 2 + " hex digits, got " + hex.length());
        }
        return new PeerId(HEX.parseHex(hex));
    }

    /** XOR of the two ids: the Kademlia distance, itself an id-shaped number. */
    public PeerId distance(PeerId other) {
        byte[] d = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            d[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new PeerId(d);
    }

    /**
     * Which of {@code a} and {@code b} is closer to this id by the XOR metric: negative if {@code a},
     * positive if {@code b}, 0 if they are the same id. The same order as comparing
     * {@code a.distance(this)} with {@code b.distance(this)}, without making either: routing tables and
     * lookups compare distances in their inner loops.
     */
    public int compareDistances(PeerId a, PeerId b) {
        for (int i = 0; i < BYTES; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** Number of leading bits this id shares with {@code other}, 0..160 (160 for equal ids). */
    public int commonPrefixLength(PeerId other) {
        for (int i = 0; i < BYTES; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Copies the id into {@code target} at {@code offset}. */
    public void writeTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, BYTES);
    }

    /** The big-endian bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Lower-case hex, 40 characters. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** The first 8 hex digits, enough to tell peers apart in a log line. */
    public String shortHex() {
        return toHex().substring(0, 8);
    }

    @Override
    public int compareTo(PeerId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && hash == p.hash && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
