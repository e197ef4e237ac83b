package peerconnect.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The AEAD ChaCha20-Poly1305 of RFC 8439 (section 2.8), for one datagram at a time, written for the
 * seal's small datagrams: it computes the three or so ChaCha20 blocks a 100-byte datagram needs and
 * allocates one 64-byte keystream block per call. The JDK's provider, for the same bytes, derives the
 * Poly1305 key and the keystream 1,024 bytes at a time (two 16-block runs per datagram) and allocates
 * a Poly1305 engine per {@code init}: about 2 us per 100-byte datagram where this takes well under
 * one (docs/BENCHMARKS.md, "Sealing without the JDK cipher"). The JDK's cipher stays the reference:
 * the tests compare both on random keys, nonces, associated data and lengths.
 *
 * <p>Stateless: the key is eight little-endian words, read only, so one instance serves any number
 * of threads. Constant time in the secret data (additions, rotations and masks; the tag is compared
 * without an early exit). Plaintext of a datagram that does not verify is never written.
 */
final class ChaCha20Poly1305 {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK_BYTES = 64;
    private static final int MASK26 = 0x3ffffff;

    private final int[] key = new int[8];

    /** @param key the 32-byte key, starting at {@code offset} */
    ChaCha20Poly1305(byte[] key, int offset) {
        if (offset < 0 || key.length - offset < KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is " + KEY_BYTES + " bytes");
        }
        for (int i = 0; i < 8; i++) {
            this.key[i] = (int) LE_INT.get(key, offset + 4 * i);
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code in} into {@code out} and writes the 16-byte tag right after
     * them. {@code out} may be {@code in} at the same offset (in place), not overlapping otherwise.
     */
    void seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
              byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        byte[] block = new byte[BLOCK_BYTES];
        int n0 = (int) LE_INT.get(nonce, nonceOffset);
        int n1 = (int) LE_INT.get(nonce, nonceOffset + 4);
        int n2 = (int) LE_INT.get(nonce, nonceOffset + 8);
        xorKeyStream(n0, n1, n2, block, in, inOffset, length, out, outOffset);
        chaCha20Block(0, n0, n1, n2, block);
        tag(block, aad, aadOffset, aadLength, out, outOffset, length, out, outOffset + length);
    }

    /**
     * Verifies the tag that follows the {@code length} bytes of ciphertext in {@code in}; if it
     * verifies, decrypts them into {@code out} and returns true, else writes nothing and returns false.
     */
    boolean open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                 byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        byte[] block = new byte[BLOCK_BYTES];
        int n0 = (int) LE_INT.get(nonce, nonceOffset);
        int n1 = (int) LE_INT.get(nonce, nonceOffset + 4);
        int n2 = (int) LE_INT.get(nonce, nonceOffset + 8);
        chaCha20Block(0, n0, n1, n2, block);
        tag(block, aad, aadOffset, aadLength, in, inOffset, length, block, 32);
        int diff = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            diff |= block[32 + i] ^ in[inOffset + length + i];
        }
        if (diff != 0) {
            return false;
        }
        xorKeyStream(n0, n1, n2, block, in, inOffset, length, out, outOffset);
        return true;
    }

    /** XORs the keystream from block counter 1 on (RFC 8439 2.8) over {@code length} bytes. */
    private void xorKeyStream(int n0, int n1, int n2, byte[] block, byte[] in, int inOffset, int length,
                              byte[] out, int outOffset) {
        int counter = 1;
        for (int done = 0; done < length; done += BLOCK_BYTES) {
            chaCha20Block(counter++, n0, n1, n2, block);
            int n = Math.min(BLOCK_BYTES, length - done);
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                long k = (long) LE_LONG.get(block, i);
                LE_LONG.set(out, outOffset + done + i, k ^ (long) LE_LONG.get(in, inOffset + done + i));
            }
            for (; i < n; i++) {
                out[outOffset + done + i] = (byte) (block[i] ^ in[inOffset + done + i]);
            }
        }
    }

    /**
     * Poly1305 (RFC 8439 2.5) of aad | pad16 | ciphertext | pad16 | le64(aad length) | le64(ciphertext
     * length), keyed by the first 32 bytes of {@code polyKey}, written to {@code tag} at {@code tagOffset}.
     */
    private static void tag(byte[] polyKey, byte[] aad, int aadOffset, int aadLength, byte[] ct, int ctOffset,
                            int ctLength, byte[] tag, int tagOffset) {
        int k0 = (int) LE_INT.get(polyKey, 0);
        int k1 = (int) LE_INT.get(polyKey, 4);
        int k2 = (int) LE_INT.get(polyKey, 8);
        int k3 = (int) LE_INT.get(polyKey, 12);
        Poly1305 mac = new Poly1305(k0, k1, k2, k3);
        mac.updatePadded(aad, aadOffset, aadLength);
        mac.updatePadded(ct, ctOffset, ctLength);
        mac.block(aadLength, 0, ctLength, 0);
        mac.finish((int) LE_INT.get(polyKey, 16), (int) LE_INT.get(polyKey, 20), (int) LE_INT.get(polyKey, 24),
                (int) LE_INT.get(polyKey, 28), tag, tagOffset);
    }

    /** One ChaCha20 block (RFC 8439 2.3) for this key, {@code counter} and nonce, into {@code out}. */
    private void chaCha20Block(int counter, int n0, int n1, int n2, byte[] out) {
        int[] k = key;
        int x0 = 0x61707865, x1 = 0x3320646e, x2 = 0x79622d32, x3 = 0x6b206574;
        int x4 = k[0], x5 = k[1], x6 = k[2], x7 = k[3], x8 = k[4], x9 = k[5], x10 = k[6], x11 = k[7];
        int x12 = counter, x13 = n0, x14 = n1, x15 = n2;
        for (int round = 0; round < 10; round++) {
            // Column round.
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 16); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 12);
            x0 += x4; x12 = Integer.rotateLeft(x12 ^ x0, 8); x8 += x12; x4 = Integer.rotateLeft(x4 ^ x8, 7);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 16); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 12);
            x1 += x5; x13 = Integer.rotateLeft(x13 ^ x1, 8); x9 += x13; x5 = Integer.rotateLeft(x5 ^ x9, 7);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 16); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 12);
            x2 += x6; x14 = Integer.rotateLeft(x14 ^ x2, 8); x10 += x14; x6 = Integer.rotateLeft(x6 ^ x10, 7);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 16); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 12);
            x3 += x7; x15 = Integer.rotateLeft(x15 ^ x3, 8); x11 += x15; x7 = Integer.rotateLeft(x7 ^ x11, 7);
            // Diagonal round.
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 16); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 12);
            x0 += x5; x15 = Integer.rotateLeft(x15 ^ x0, 8); x10 += x15; x5 = Integer.rotateLeft(x5 ^ x10, 7);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 16); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 12);
            x1 += x6; x12 = Integer.rotateLeft(x12 ^ x1, 8); x11 += x12; x6 = Integer.rotateLeft(x6 ^ x11, 7);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 16); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 12);
            x2 += x7; x13 = Integer.rotateLeft(x13 ^ x2, 8); x8 += x13; x7 = Integer.rotateLeft(x7 ^ x8, 7);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 16); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 12);
            x3 += x4; x14 = Integer.rotateLeft(x14 ^ x3, 8); x9 += x14; x4 = Integer.rotateLeft(x4 ^ x9, 7);
        }
        LE_INT.set(out, 0, x0 + 0x61707865);
        LE_INT.set(out, 4, x1 + 0x3320646e);
        LE_INT.set(out, 8, x2 + 0x79622d32);
        LE_INT.set(out, 12, x3 + 0x6b206574);
        LE_INT.set(out, 16, x4 + k[0]);
        LE_INT.set(out, 20, x5 + k[1]);
        LE_INT.set(out, 24, x6 + k[2]);
        LE_INT.set(out, 28, x7 + k[3]);
        LE_INT.set(out, 32, x8 + k[4]);
        LE_INT.set(out, 36, x9 + k[5]);
        LE_INT.set(out, 40, x10 + k[6]);
        LE_INT.set(out, 44, x11 + k[7]);
        LE_INT.set(out, 48, x12 + counter);
        LE_INT.set(out, 52, x13 + n0);
        LE_INT.set(out, 56, x14 + n1);
        LE_INT.set(out, 60, x15 + n2);
    }

    /**
     * The Poly1305 accumulator in five 26-bit limbs, so every product of two limbs (times 5 at most)
     * and the sum of five of them fit a {@code long}. Only whole 16-byte blocks: the AEAD pads both
     * of its inputs to 16 bytes. One per tag, never escaping it.
     */
    private static final class Poly1305 {
        private final long r0, r1, r2, r3, r4, s1, s2, s3, s4;
        private long h0, h1, h2, h3, h4;

        /** The clamped r (RFC 8439 2.5.1) from the first 16 key bytes, as four little-endian words. */
        Poly1305(int k0, int k1, int k2, int k3) {
            r0 = k0 & 0x3ffffff;
            r1 = ((k0 >>> 26) | (k1 << 6)) & 0x3ffff03;
            r2 = ((k1 >>> 20) | (k2 << 12)) & 0x3ffc0ff;
            r3 = ((k2 >>> 14) | (k3 << 18)) & 0x3f03fff;
            r4 = (k3 >>> 8) & 0x00fffff;
            s1 = r1 * 5;
            s2 = r2 * 5;
            s3 = r3 * 5;
            s4 = r4 * 5;
        }

        /** {@code length} bytes of {@code data}, the last block padded with zeros to 16 bytes. */
        void updatePadded(byte[] data, int offset, int length) {
            int i = 0;
            for (; i + 16 <= length; i += 16) {
                int at = offset + i;
                block((int) LE_INT.get(data, at), (int) LE_INT.get(data, at + 4), (int) LE_INT.get(data, at + 8),
                        (int) LE_INT.get(data, at + 12));
            }
            if (i < length) {
                byte[] last = new byte[16];
                System.arraycopy(data, offset + i, last, 0, length - i);
                block((int) LE_INT.get(last, 0), (int) LE_INT.get(last, 4), (int) LE_INT.get(last, 8),
                        (int) LE_INT.get(last, 12));
            }
        }

        /** h = (h + block + 2^128) * r mod 2^130 - 5, for the block of four little-endian words. */
        void block(int t0, int t1, int t2, int t3) {
            long a0 = h0 + (t0 & MASK26);
            long a1 = h1 + (((t0 >>> 26) | (t1 << 6)) & MASK26);
            long a2 = h2 + (((t1 >>> 20) | (t2 << 12)) & MASK26);
            long a3 = h3 + (((t2 >>> 14) | (t3 << 18)) & MASK26);
            long a4 = h4 + ((t3 >>> 8) | (1 << 24));

            long d0 = a0 * r0 + a1 * s4 + a2 * s3 + a3 * s2 + a4 * s1;
            long d1 = a0 * r1 + a1 * r0 + a2 * s4 + a3 * s3 + a4 * s2;
            long d2 = a0 * r2 + a1 * r1 + a2 * r0 + a3 * s4 + a4 * s3;
            long d3 = a0 * r3 + a1 * r2 + a2 * r1 + a3 * r0 + a4 * s4;
            long d4 = a0 * r4 + a1 * r3 + a2 * r2 + a3 * r1 + a4 * r0;

            d1 += d0 >>> 26;
            d2 += d1 >>> 26;
            d3 += d2 >>> 26;
            d4 += d3 >>> 26;
            long c = d4 >>> 26;
            h0 = (d0 & MASK26) + c * 5;
            h1 = (d1 & MASK26) + (h0 >>> 26);
            h0 &= MASK26;
            h2 = d2 & MASK26;
            h3 = d3 & MASK26;
            h4 = d4 & MASK26;
        }

        /** Fully reduces h, adds s (the key's last 16 bytes as four words) mod 2^128, writes the tag. */
        void finish(int s0w, int s1w, int s2w, int s3w, byte[] out, int offset) {
            long c = h1 >>> 26;
            long f1 = h1 & MASK26;
            long f2 = h2 + c;
            c = f2 >>> 26;
            f2 &= MASK26;
            long f3 = h3 + c;
            c = f3 >>> 26;
            f3 &= MASK26;
            long f4 = h4 + c;
            c = f4 >>> 26;
            f4 &= MASK26;
            long f0 = h0 + c * 5;
            c = f0 >>> 26;
            f0 &= MASK26;
            f1 += c;

            // g = h + 5 - 2^130; h >= p exactly when g does not go negative. Chosen by a mask, not a branch.
            long g0 = f0 + 5;
            c = g0 >>> 26;
            g0 &= MASK26;
            long g1 = f1 + c;
            c = g1 >>> 26;
            g1 &= MASK26;
            long g2 = f2 + c;
            c = g2 >>> 26;
            g2 &= MASK26;
            long g3 = f3 + c;
            c = g3 >>> 26;
            g3 &= MASK26;
            long g4 = f4 + c - (1L << 26);
            long keepH = g4 >> 63; // all ones if g < 0
            f0 = (f0 & keepH) | (g0 & ~keepH);
            f1 = (f1 & keepH) | (g1 & ~keepH);
            f2 = (f2 & keepH) | (g2 & ~keepH);
            f3 = (f3 & keepH) | (g3 & ~keepH);
            f4 = (f4 & keepH) | (g4 & ~keepH);

            long w0 = (f0 | (f1 << 26)) & 0xffffffffL;
            long w1 = ((f1 >>> 6) | (f2 << 20)) & 0xffffffffL;
            long w2 = ((f2 >>> 12) | (f3 << 14)) & 0xffffffffL;
            long w3 = ((f3 >>> 18) | (f4 << 8)) & 0xffffffffL;

            long sum = w0 + (s0w & 0xffffffffL);
            LE_INT.set(out, offset, (int) sum);
            sum = w1 + (s1w & 0xffffffffL) + (sum >>> 32);
            LE_INT.set(out, offset + 4, (int) sum);
            sum = w2 + (s2w & 0xffffffffL) + (sum >>> 32);
            LE_INT.set(out, offset + 8, (int) sum);
            sum = w3 + (s3w & 0xffffffffL) + (sum >>> 32);
            LE_INT.set(out, offset + 12, (int) sum);
        }
    }
}
