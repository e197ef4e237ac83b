package peerconnect.domain;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seals encoded datagrams with ChaCha20-Poly1305 under a {@link NetworkKey} and opens them again,
 * as specified in the "Network key" section of {@code docs/PROTOCOL.md}:
 *
 * <pre>
 * offset size field
 *  0      1   magic 0xC1 (sealed, layout 1); also the AEAD's associated data
 *  1     12   nonce: 4-byte prefix | 8-byte big-endian counter
 * 13      n   ciphertext of the n-byte encoded datagram
 * 13+n   16   Poly1305 tag
 * </pre>
 *
 * <p>Nonces: all 12 bytes are drawn from the {@link SecureRandom} handed in when the seal is made;
 * after that the last 8 bytes count up by one per sealed datagram. Within one seal a nonce therefore
 * never repeats (before 2^64 datagrams); two seals (two nodes, or one node restarted) share a nonce
 * only if their random 96-bit starting points fall within as many datagrams of each other, which is
 * negligible. A per-datagram random nonce would give the same guarantee across nodes but not the
 * certainty within one, and would cost a {@code SecureRandom} call per datagram. A seeded
 * {@code RandomGenerator} is refused by the type: a predictable start would let nonces of two nodes
 * collide by construction.
 *
 * <p>Budget: sealing adds {@value #OVERHEAD_BYTES} bytes, so a seal with a maximum datagram of
 * {@code max} takes encoded datagrams of at most {@code max - 29} bytes ({@link #maxPlaintextBytes()});
 * the node's codec must be built with that limit. {@link #open} never throws; {@link #seal} throws only
 * {@link MessageTooLargeException}. Thread-safe.
 */
public final class DatagramSeal {
    /** First byte of every sealed datagram; outside the root codes, so a sealed and an unsealed node reject each other's datagrams at once. */
    public static final byte MAGIC = (byte) 0xC1;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** Bytes a sealed datagram has beyond its plaintext: magic + nonce + tag. */
    public static final int OVERHEAD_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

    private static final String ALGORITHM = "ChaCha20-Poly1305";
    private static final byte[] AAD = {MAGIC};

    /**
     * Plaintexts up to this many bytes go through {@link ChaCha20Poly1305}, longer ones through the JDK's
     * cipher: the crossover of the two per-datagram costs (SealBenchmark, docs/BENCHMARKS.md, "Sealing
     * without the JDK cipher"). Both write the same bytes; the choice is only speed.
     */
    static final int SMALL_PLAINTEXT_BYTES = 256;

    private final Aead small;
    private final Aead large;
    private final int maxSealedBytes;
    private final int noncePrefix;
    private final AtomicLong counter;

    private DatagramSeal(NetworkKey key, SecureRandom random, int maxSealedBytes) {
        if (maxSealedBytes < OVERHEAD_BYTES || maxSealedBytes > EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("max sealed datagram must be in " + OVERHEAD_BYTES + ".."
                    + EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES + " bytes, got " + maxSealedBytes);
        }
        byte[] keyBytes = key.bytes();
        this.small = new ChaCha20Poly1305(keyBytes);
        this.large = new JdkChaCha20Poly1305(keyBytes);
        Arrays.fill(keyBytes, (byte) 0); // both keep copies of their own; leave no third one to the GC
        this.maxSealedBytes = maxSealedBytes;
        this.noncePrefix = random.nextInt();
        this.counter = new AtomicLong(random.nextLong());
    }

    /** A seal whose sealed datagrams fit the default 1232-byte datagram. */
    public static DatagramSeal create(NetworkKey key, SecureRandom random) {
        return new DatagramSeal(key, random, EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES);
    }

    /** A seal whose sealed datagrams are at most {@code maxSealedBytes} long. */
    public static DatagramSeal create(NetworkKey key, SecureRandom random, int maxSealedBytes) {
        return new DatagramSeal(key, random, maxSealedBytes);
    }

    /** Largest sealed datagram this seal writes or opens. */
    public int maxSealedBytes() {
        return maxSealedBytes;
    }

    /** Largest encoded datagram this seal takes: the codec's limit when the network key is on. */
    public int maxPlaintextBytes() {
        return maxSealedBytes - OVERHEAD_BYTES;
    }

    /**
     * The sealed form of {@code datagram} under a fresh nonce.
     *
     * @throws MessageTooLargeException if the sealed form would exceed {@link #maxSealedBytes()}
     */
    public byte[] seal(byte[] datagram) {
        if (datagram.length > maxPlaintextBytes()) {
            throw new MessageTooLargeException(datagram.length + OVERHEAD_BYTES, maxSealedBytes);
        }
        byte[] out = new byte[datagram.length + OVERHEAD_BYTES];
        out[0] = MAGIC;
        ByteBuffer.wrap(out, 1, NONCE_BYTES).putInt(noncePrefix).putLong(counter.getAndIncrement());
        aead(datagram.length).seal(out, 1, AAD, 0, AAD.length, datagram, 0, datagram.length, out, 1 + NONCE_BYTES);
        return out;
    }

    /** Opens {@code sealed}; never throws. */
    public OpenResult open(byte[] sealed) {
        return open(sealed, 0, sealed.length);
    }

    /**
     * Opens the datagram between position and limit of {@code sealed}, leaving the buffer's position,
     * limit and content unchanged; never throws.
     */
    public OpenResult open(ByteBuffer sealed) {
        int length = sealed.remaining();
        if (sealed.hasArray()) {
            return open(sealed.array(), sealed.arrayOffset() + sealed.position(), length);
        }
        if (length < OVERHEAD_BYTES || length > maxSealedBytes) {
            return new OpenResult.Rejected(SealRejection.BAD_LENGTH);
        }
        // A direct buffer (the receive loop's): one copy of at most a datagram lets both buffer kinds
        // take the array path below.
        byte[] copy = new byte[length];
        sealed.get(sealed.position(), copy);
        return open(copy, 0, length);
    }

    private OpenResult open(byte[] data, int offset, int length) {
        if (length < OVERHEAD_BYTES || length > maxSealedBytes || offset < 0 || offset > data.length - length) {
            return new OpenResult.Rejected(SealRejection.BAD_LENGTH);
        }
        if (data[offset] != MAGIC) {
            return new OpenResult.Rejected(SealRejection.WRONG_MAGIC);
        }
        byte[] plaintext = new byte[length - OVERHEAD_BYTES];
        return aead(plaintext.length).open(data, offset + 1, AAD, 0, AAD.length, data, offset + 1 + NONCE_BYTES, plaintext.length,
                plaintext, 0) ? new OpenResult.Opened(plaintext) : new OpenResult.Rejected(SealRejection.BAD_TAG);
    }

    private Aead aead(int plaintextBytes) {
        return plaintextBytes <= SMALL_PLAINTEXT_BYTES ? small : large;
    }

    @Override
    public String toString() {
        return "DatagramSeal[" + ALGORITHM + ", max " + maxSealedBytes + " bytes]";
    }
}
