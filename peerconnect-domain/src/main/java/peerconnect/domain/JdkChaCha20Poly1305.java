package peerconnect.domain;

import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ChaCha20-Poly1305 through the JDK's {@code Cipher}, for large datagrams: its keystream and Poly1305
 * are vectorised, so past a few hundred bytes it outruns {@link ChaCha20Poly1305}, though each
 * {@code init} costs it a fixed ~0.8 us (docs/BENCHMARKS.md, "Sealing without the JDK cipher").
 *
 * <p>Cipher objects are not thread-safe and costly to look up (several microseconds), so they are
 * pooled and initialised per datagram; a pool rather than one per thread, because the dispatcher's
 * workers are short-lived virtual threads that would each look up a cipher of their own. Sealing and
 * opening never share one: the JDK refuses to encrypt under the key and nonce of the cipher's previous
 * init, decrypting included, and a received datagram can carry any nonce, among them the one the seal
 * uses next (nonces count up in the clear).
 */
final class JdkChaCha20Poly1305 implements Aead {
    private static final String ALGORITHM = "ChaCha20-Poly1305";

    private final SecretKeySpec key;
    private final ConcurrentLinkedQueue<Cipher> sealers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Cipher> openers = new ConcurrentLinkedQueue<>();

    /** @throws IllegalStateException if the JDK lacks the cipher (at construction, not on the first datagram) */
    JdkChaCha20Poly1305(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a ChaCha20-Poly1305 key is " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key, "ChaCha20");
        sealers.offer(newCipher());
    }

    @Override
    public void seal(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                     byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        Cipher cipher = take(sealers);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce, nonceOffset, NONCE_BYTES));
            cipher.updateAAD(aad, aadOffset, aadLength);
            cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            // Only reachable if the JDK's provider breaks its own contract: key and nonce sizes are fixed here.
            throw new IllegalStateException(ALGORITHM + " failed to seal", e);
        } finally {
            sealers.offer(cipher);
        }
    }

    @Override
    public boolean open(byte[] nonce, int nonceOffset, byte[] aad, int aadOffset, int aadLength,
                        byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        Cipher cipher = take(openers);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce, nonceOffset, NONCE_BYTES));
            cipher.updateAAD(aad, aadOffset, aadLength);
            return cipher.doFinal(in, inOffset, length + TAG_BYTES, out, outOffset) == length;
        } catch (GeneralSecurityException | RuntimeException e) {
            // A bad tag, or anything else the provider throws on hostile input: a datagram that did not verify.
            return false;
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
}
