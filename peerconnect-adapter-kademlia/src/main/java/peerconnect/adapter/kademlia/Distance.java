package peerconnect.adapter.kademlia;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerId;

/**
 * The XOR metric of the Kademlia paper (section 2.1) on raw 20-byte ids, without allocating: pure
 * functions, tested by tables and properties.
 */
final class Distance {
    static final int BITS = PeerId.BITS;

    private Distance() {
    }

    /** Compares the distances {@code a ^ target} and {@code b ^ target} as unsigned 160-bit numbers. */
    static int compare(byte[] a, byte[] b, byte[] target) {
        for (int i = 0; i < PeerId.BYTES; i++) {
            int da = (a[i] ^ target[i]) & 0xff;
            int db = (b[i] ^ target[i]) & 0xff;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** Orders byte-array ids by distance to {@code target}, closest first. */
    static Comparator<byte[]> closestFirst(byte[] target) {
        return (a, b) -> compare(a, b, target);
    }

    /** Leading bits {@code a} and {@code b} share, 0..160 (160 when equal). */
    static int commonPrefix(byte[] a, byte[] b) {
        for (int i = 0; i < PeerId.BYTES; i++) {
            int x = (a[i] ^ b[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /**
     * The k-bucket of {@code id} in the table of {@code self}: the number of leading bits they share,
     * 0..159. Bucket {@code i} covers distances in {@code [2^(159-i), 2^(160-i))}.
     *
     * @throws IllegalArgumentException if {@code id} is {@code self} (a node is never in its own table)
     */
    static int bucketIndex(byte[] self, byte[] id) {
        int prefix = commonPrefix(self, id);
        if (prefix == BITS) {
            throw new IllegalArgumentException("a node has no bucket for its own id");
        }
        return prefix;
    }

    /** A random id that falls into bucket {@code index} of {@code self}'s table (for bucket refresh). */
    static byte[] randomIdInBucket(byte[] self, int index, RandomGenerator random) {
        if (index < 0 || index >= BITS) {
            throw new IllegalArgumentException("bucket index out of 0..159: " + index);
        }
        byte[] id = new byte[PeerId.BYTES];
        random.nextBytes(id);
        int fullBytes = index / 8;
        System.arraycopy(self, 0, id, 0, fullBytes);
        int bit = index % 8;
        // Keep self's first `bit` bits of this byte, flip the next one, keep the random rest.
        int keepMask = (0xff00 >> bit) & 0xff;
        int flip = 0x80 >> bit;
        int selfByte = self[fullBytes] & 0xff;
        int b = (selfByte & keepMask) | ((selfByte ^ flip) & flip) | (id[fullBytes] & 0xff & ~(keepMask | flip));
        id[fullBytes] = (byte) b;
        return id;
    }

    /** The id whose big-endian value is {@code value} (0 ≤ value < 2^160). */
    static byte[] fromBigInteger(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] id = new byte[PeerId.BYTES];
        int copy = Math.min(raw.length, PeerId.BYTES);
        System.arraycopy(raw, raw.length - copy, id, PeerId.BYTES - copy, copy);
        return id;
    }
}
