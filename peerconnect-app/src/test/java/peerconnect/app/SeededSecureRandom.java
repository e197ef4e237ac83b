package peerconnect.app;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Reproducible key material for app tests: seeded SecureRandoms. */
final class SeededSecureRandom {
    private SeededSecureRandom() {
    }

    /** A SHA1PRNG seeded before its first output: deterministic, still a cryptographic generator. */
    static SecureRandom of(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
