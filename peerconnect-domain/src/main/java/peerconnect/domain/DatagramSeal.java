package peerconnect.domain;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

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

    private final SecretKeySpec key;
    private final int maxSealedBytes;
    private final int noncePrefix;
    private final AtomicLong counter;
    // Cipher objects are not thread-safe and costly to look up (several microseconds), so they are
    // pooled and initialised per datagram; a pool rather than one per thread, because the dispatcher's
    // workers are short-lived virtual threads that would each look up a cipher of their own. Sealing
    // and opening never share one: the JDK refuses to encrypt under the key and nonce of the cipher's
    // previous init, decrypting included, and a received datagram can carry any nonce, among them the
    // one this seal uses next (nonces count up in the clear).
    private final ConcurrentLinkedQueue<Cipher> sealers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Cipher> openers = new ConcurrentLinkedQueue<>();

    private DatagramSeal(NetworkKey key, SecureRandom random, int maxSealedBytes) {
        if (maxSealedBytes < OVERHEAD_BYTES || maxSealedBytes > EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("max sealed datagram must be in " + OVERHEAD_BYTES + ".."
                    + EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES + " bytes, got " + maxSealedBytes);
        }
        this.key = new SecretKeySpec(key.bytes(), "ChaCha20");
        this.maxSealedBytes = maxSealedBytes;
        this.noncePrefix = random.nextInt();
        this.counter = new AtomicLong(random.nextLong());
        newCipher(); // fail at construction, not on the first datagram, if the JDK lacks the cipher
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
        Cipher cipher = take(sealers);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(out, 1, NONCE_BYTES));
            cipher.updateAAD(AAD);
            cipher.doFinal(datagram, 0, datagram.length, out, 1 + NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            // Only reachable if the JDK's provider breaks its own contract: key and nonce sizes are fixed here.
            throw new IllegalStateException(ALGORITHM + " failed to seal", e);
        } finally {
            sealers.offer(cipher);
        }
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
        // A direct buffer: one copy of at most a datagram is cheaper than the cipher's own chunked
        // copying of direct input, and lets both buffer kinds take the array path below.
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
        Cipher cipher = take(openers);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(data, offset + 1, NONCE_BYTES));
            cipher.updateAAD(AAD);
            int n = cipher.doFinal(data, offset + 1 + NONCE_BYTES, length - 1 - NONCE_BYTES, plaintext, 0);
            return n == plaintext.length ? new OpenResult.Opened(plaintext) : new OpenResult.Rejected(SealRejection.BAD_TAG);
        } catch (AEADBadTagException e) {
            return new OpenResult.Rejected(SealRejection.BAD_TAG);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Anything else the provider throws on hostile input is still a datagram that did not verify.
            return new OpenResult.Rejected(SealRejection.BAD_TAG);
        } finally {
            openers.offer(cipher);
        }
    }

    /** A cipher from {@code pool}, or a new one; the pool grows to the most threads ever sealing or opening at once. */
    private static Cipher take(ConcurrentLinkedQueue<Cipher> pool) {
        Cipher cipher = pool.poll();
        return cipher != null ? cipher : newCipher();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "DatagramSeal[" + ALGORITHM + ", max " + maxSealedBytes + " bytes]";
    }
}
