package peerconnect.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * ChaCha20-Poly1305 (RFC 8439, section 2.8) in plain Java, for the seal's small datagrams: it computes
 * just the ChaCha20 blocks a datagram needs (three for 100 bytes: the Poly1305 key and two of
 * keystream) and allocates about 150 bytes per call. The JDK's provider, for the same bytes, derives
 * the Poly1305 key and the keystream 1,024 bytes at a time (two 16-block runs per datagram) and makes
 * a Poly1305 engine per {@code init}: a fixed ~0.8 us that dominates a small datagram. It is
 * vectorised, though, so past a few hundred bytes it wins ({@link JdkChaCha20Poly1305};
 * docs/BENCHMARKS.md, "Sealing without the JDK cipher"). The JDK's cipher is the reference: the tests
 * compare both on random keys, nonces, associated data and lengths, and check the RFC's example.
 *
 * <p>Stateless: the key is eight little-endian words, read only, so one instance serves any number
 * of threads. Constant time in the secret data (additions, rotations, multiplications and masks; the
 * tag is compared without an early exit). Plaintext of a datagram that does not verify is never written.
 */
final class ChaCha20Poly1305 implements Aead {
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK_BYTES = 64;
    private static final int MASK26 = 0x3ffffff;

    private final int[] key = new int[8];

    ChaCha20Poly1305(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is " + KEY_BYTES + " bytes");
        }
        for (int i = 0; i < 8; i++) {
            this.key[i] = (int) LE_INT.get(key, 4 * i);
        }
    }

    @Override
    public void seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                     byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        int[] block = new int[16];
        int n0 = (int) LE_INT.get(nonce, nonceOffset);
        int n1 = (int) LE_INT.get(nonce, nonceOffset + 4);
        int n2 = (int) LE_INT.get(nonce, nonceOffset + 8);
        xorKeyStream(n0, n1, n2, block, in, inOffset, length, out, outOffset);
        chaCha20Block(0, n0, n1, n2, block);
        tag(block, aad, aadOffset, aadLength, out, outOffset, length, out, outOffset + length);
    }

    @Override
    public boolean open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                        byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        int[] block = new int[16];
        int n0 = (int) LE_INT.get(nonce, nonceOffset);
        int n1 = (int) LE_INT.get(nonce, nonceOffset + 4);
        int n2 = (int) LE_INT.get(nonce, nonceOffset + 8);
        chaCha20Block(0, n0, n1, n2, block);
        byte[] expected = new byte[TAG_BYTES];
        tag(block, aad, aadOffset, aadLength, in, inOffset, length, expected, 0);
        int diff = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            diff |= expected[i] ^ in[inOffset + length + i];
        }
        if (diff != 0) {
            return false;
        }
        xorKeyStream(n0, n1, n2, block, in, inOffset, length, out, outOffset);
        return true;
    }

    /** XORs the keystream from block counter 1 on (RFC 8439 2.8) over {@code length} bytes. */
    private void xorKeyStream(int n0, int n1, int n2, int[] block, byte[] in, int inOffset, int length,
                              byte[] out, int outOffset) {
        int counter = 1;
        for (int done = 0; done < length; done += BLOCK_BYTES) {
            chaCha20Block(counter++, n0, n1, n2, block);
            int n = Math.min(BLOCK_BYTES, length - done);
            int i = 0;
            // Eight bytes at a time while they last, straight from the words (no keystream bytes).
            for (; i + 8 <= n; i += 8) {
                long k = (block[i >>> 2] & 0xffffffffL) | ((long) block[(i >>> 2) + 1] << 32);
                LE_LONG.set(out, outOffset + done + i, k ^ (long) LE_LONG.get(in, inOffset + done + i));
            }
            for (; i < n; i++) {
                out[outOffset + done + i] = (byte) (in[inOffset + done + i] ^ (block[i >>> 2] >>> 8 * (i & 3)));
            }
        }
    }

    /**
     * Poly1305 (RFC 8439 2.5) of aad | pad16 | ciphertext | pad16 | le64(aad length) | le64(ciphertext
     * length), keyed by the first 8 words (32 bytes) of {@code polyKey}, written to {@code tag} at {@code tagOffset}.
     * The accumulator h and the clamped r are five 26-bit limbs each, so a product of two limbs (times 5
     * at most) and the sum of five of them fit a {@code long}; all of it in locals, one method, so the
     * JIT keeps it in registers. Every block is a whole 16 bytes (the AEAD pads both inputs), so each
     * gets the 2^128 bit.
     */
    private static void tag(int[] polyKey, byte[] aad, int aadOffset, int aadLength, byte[] ct, int ctOffset,
                            int ctLength, byte[] tag, int tagOffset) {
        int k0 = polyKey[0];
        int k1 = polyKey[1];
        int k2 = polyKey[2];
        int k3 = polyKey[3];
        // r clamped as RFC 8439 2.5.1 says, split into limbs.
        long r0 = k0 & 0x3ffffff;
        long r1 = ((k0 >>> 26) | (k1 << 6)) & 0x3ffff03;
        long r2 = ((k1 >>> 20) | (k2 << 12)) & 0x3ffc0ff;
        long r3 = ((k2 >>> 14) | (k3 << 18)) & 0x3f03fff;
        long r4 = (k3 >>> 8) & 0x00fffff;
        long s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
        long h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;
        byte[] padded = new byte[16];
        int aadBlocks = (aadLength + 15) >>> 4;
        int blocks = aadBlocks + ((ctLength + 15) >>> 4) + 1;
        for (int b = 0; b < blocks; b++) {
            int t0, t1, t2, t3;
            byte[] data;
            int at;
            int left;
            if (b < aadBlocks) {
                data = aad;
                at = aadOffset + 16 * b;
                left = aadLength - 16 * b;
            } else if (b < blocks - 1) {
                data = ct;
                at = ctOffset + 16 * (b - aadBlocks);
                left = ctLength - 16 * (b - aadBlocks);
            } else {
                data = null; // the lengths block
                at = 0;
                left = 0;
            }
            if (data == null) {
                t0 = aadLength;
                t1 = 0;
                t2 = ctLength;
                t3 = 0;
            } else {
                if (left < 16) {
                    Arrays.fill(padded, (byte) 0);
                    System.arraycopy(data, at, padded, 0, left);
                    data = padded;
                    at = 0;
                }
                t0 = (int) LE_INT.get(data, at);
                t1 = (int) LE_INT.get(data, at + 4);
                t2 = (int) LE_INT.get(data, at + 8);
                t3 = (int) LE_INT.get(data, at + 12);
            }
            // h = (h + block + 2^128) * r mod 2^130 - 5
            h0 += t0 & MASK26;
            h1 += ((t0 >>> 26) | (t1 << 6)) & MASK26;
            h2 += ((t1 >>> 20) | (t2 << 12)) & MASK26;
            h3 += ((t2 >>> 14) | (t3 << 18)) & MASK26;
            h4 += (t3 >>> 8) | (1 << 24);
            long d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            long d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            long d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            long d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            long d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
            d1 += d0 >>> 26;
            d2 += d1 >>> 26;
            d3 += d2 >>> 26;
            d4 += d3 >>> 26;
            h0 = (d0 & MASK26) + (d4 >>> 26) * 5;
            h1 = (d1 & MASK26) + (h0 >>> 26);
            h0 &= MASK26;
            h2 = d2 & MASK26;
            h3 = d3 & MASK26;
            h4 = d4 & MASK26;
        }
        finish(h0, h1, h2, h3, h4, polyKey, tag, tagOffset);
    }

    /** Fully reduces h mod 2^130 - 5, adds s (key bytes 16..31) mod 2^128 and writes the tag. */
    private static void finish(long h0, long h1, long h2, long h3, long h4, int[] polyKey, byte[] out, int offset) {
        long c = h1 >>> 26;
        h1 &= MASK26;
        h2 += c;
        c = h2 >>> 26;
        h2 &= MASK26;
        h3 += c;
        c = h3 >>> 26;
        h3 &= MASK26;
        h4 += c;
        c = h4 >>> 26;
        h4 &= MASK26;
        h0 += c * 5;
        c = h0 >>> 26;
        h0 &= MASK26;
        h1 += c;

        // g = h + 5 - 2^130; h >= p exactly when g does not go negative. Chosen by a mask, not a branch.
        long g0 = h0 + 5;
        c = g0 >>> 26;
        g0 &= MASK26;
        long g1 = h1 + c;
        c = g1 >>> 26;
        g1 &= MASK26;
        long g2 = h2 + c;
        c = g2 >>> 26;
        g2 &= MASK26;
        long g3 = h3 + c;
        c = g3 >>> 26;
        g3 &= MASK26;
        long g4 = h4 + c - (1L << 26);
        long keepH = g4 >> 63; // all ones if g < 0
        h0 = (h0 & keepH) | (g0 & ~keepH);
        h1 = (h1 & keepH) | (g1 & ~keepH);
        h2 = (h2 & keepH) | (g2 & ~keepH);
        h3 = (h3 & keepH) | (g3 & ~keepH);
        h4 = (h4 & keepH) | (g4 & ~keepH);

        long w0 = (h0 | (h1 << 26)) & 0xffffffffL;
        long w1 = ((h1 >>> 6) | (h2 << 20)) & 0xffffffffL;
        long w2 = ((h2 >>> 12) | (h3 << 14)) & 0xffffffffL;
        long w3 = ((h3 >>> 18) | (h4 << 8)) & 0xffffffffL;
        long sum = w0 + (polyKey[4] & 0xffffffffL);
        LE_INT.set(out, offset, (int) sum);
        sum = w1 + (polyKey[5] & 0xffffffffL) + (sum >>> 32);
        LE_INT.set(out, offset + 4, (int) sum);
        sum = w2 + (polyKey[6] & 0xffffffffL) + (sum >>> 32);
        LE_INT.set(out, offset + 8, (int) sum);
        sum = w3 + (polyKey[7] & 0xffffffffL) + (sum >>> 32);
        LE_INT.set(out, offset + 12, (int) sum);
    }

    /** One ChaCha20 block (RFC 8439 2.3) for this key, {@code counter} and nonce, into {@code out}. */
    private void chaCha20Block(int counter, int n0, int n1, int n2, int[] out) {
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
        out[0] = x0 + 0x61707865;
        out[1] = x1 + 0x3320646e;
        out[2] = x2 + 0x79622d32;
        out[3] = x3 + 0x6b206574;
        out[4] = x4 + k[0];
        out[5] = x5 + k[1];
        out[6] = x6 + k[2];
        out[7] = x7 + k[3];
        out[8] = x8 + k[4];
        out[9] = x9 + k[5];
        out[10] = x10 + k[6];
        out[11] = x11 + k[7];
        out[12] = x12 + counter;
        out[13] = x13 + n0;
        out[14] = x14 + n1;
        out[15] = x15 + n2;
    }
}
