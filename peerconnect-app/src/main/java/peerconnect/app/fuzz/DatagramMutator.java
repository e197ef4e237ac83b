package peerconnect.app.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import peerconnect.domain.EnvelopeCodec;

/**
 * Makes hostile datagrams from valid ones, one seeded draw at a time: random bytes, bit flips, bytes
 * set to boundary values, truncation, extension, edits of the envelope's length field, splices of two
 * datagrams, and body mutations that keep the envelope valid (its length field fixed up) so the
 * mutation reaches the protocol adapters' body parsers instead of stopping at the codec.
 */
final class DatagramMutator {
    /** What was done to a datagram; the fuzz figures count datagrams per kind. Append only. */
    enum Kind { RANDOM_BYTES, BIT_FLIPS, BOUNDARY_BYTES, TRUNCATE, EXTEND, LENGTH_FIELD, SPLICE, BODY_ONLY, VALID }

    private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
    /** Longest random datagram: past the 1232-byte default limit, so oversize is exercised too. */
    static final int MAX_RANDOM_BYTES = 1_400;

    private final List<byte[]> corpus;
    private final RandomGenerator random;

    DatagramMutator(List<byte[]> corpus, RandomGenerator random) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("a mutator needs at least one valid datagram");
        }
        this.corpus = List.copyOf(corpus);
        this.random = random;
    }

    /** One mutated datagram. */
    record Mutant(Kind kind, byte[] datagram) {
    }

    Mutant next() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] seed = corpus.get(random.nextInt(corpus.size())).clone();
        return new Mutant(kind, switch (kind) {
            case RANDOM_BYTES -> randomBytes(random.nextInt(MAX_RANDOM_BYTES + 1));
            case BIT_FLIPS -> flipBits(seed, 1 + random.nextInt(8), 0);
            case BOUNDARY_BYTES -> boundaryBytes(seed, 1 + random.nextInt(4), 0);
            case TRUNCATE -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case EXTEND -> extend(seed);
            case LENGTH_FIELD -> lengthField(seed);
            case SPLICE -> splice(seed, corpus.get(random.nextInt(corpus.size())));
            case BODY_ONLY -> bodyOnly(seed);
            case VALID -> seed;
        });
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] flipBits(byte[] d, int flips, int from) {
        if (d.length > from) {
            for (int i = 0; i < flips; i++) {
                int at = from + random.nextInt(d.length - from);
                d[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
        return d;
    }

    private byte[] boundaryBytes(byte[] d, int edits, int from) {
        if (d.length > from) {
            for (int i = 0; i < edits; i++) {
                d[from + random.nextInt(d.length - from)] = BOUNDARY[random.nextInt(BOUNDARY.length)];
            }
        }
        return d;
    }

    private byte[] extend(byte[] d) {
        byte[] tail = randomBytes(1 + random.nextInt(64));
        byte[] out = Arrays.copyOf(d, d.length + tail.length);
        System.arraycopy(tail, 0, out, d.length, tail.length);
        return out;
    }

    /** The envelope's 2-byte body length set to a near miss or a boundary. */
    private byte[] lengthField(byte[] d) {
        if (d.length < EnvelopeCodec.HEADER_BYTES) {
            return d;
        }
        int actual = d.length - EnvelopeCodec.HEADER_BYTES;
        int[] choices = {0, actual - 1, actual + 1, 0xffff, 0x7fff, random.nextInt(0x10000)};
        int n = choices[random.nextInt(choices.length)] & 0xffff;
        d[32] = (byte) (n >>> 8);
        d[33] = (byte) n;
        return d;
    }

    private byte[] splice(byte[] a, byte[] b) {
        int cutA = random.nextInt(a.length + 1);
        int cutB = random.nextInt(b.length + 1);
        byte[] out = Arrays.copyOf(a, cutA + (b.length - cutB));
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    /**
     * The body flipped, set to boundaries, cut or grown, and the envelope's length field set to match:
     * a well-formed envelope around a hostile body.
     */
    private byte[] bodyOnly(byte[] d) {
        if (d.length < EnvelopeCodec.HEADER_BYTES) {
            return d;
        }
        byte[] out = switch (random.nextInt(4)) {
            case 0 -> flipBits(d, 1 + random.nextInt(4), EnvelopeCodec.HEADER_BYTES);
            case 1 -> boundaryBytes(d, 1 + random.nextInt(3), EnvelopeCodec.HEADER_BYTES);
            case 2 -> Arrays.copyOf(d, EnvelopeCodec.HEADER_BYTES + random.nextInt(d.length - EnvelopeCodec.HEADER_BYTES + 1));
            default -> extend(d);
        };
        if (out.length > EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES) {
            out = Arrays.copyOf(out, EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES);
        }
        int n = out.length - EnvelopeCodec.HEADER_BYTES;
        out[32] = (byte) (n >>> 8);
        out[33] = (byte) n;
        return out;
    }
}
