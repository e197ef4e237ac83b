package peerconnect.testkit.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Reproducible randomness for tests: byte arrays from a seeded generator, and seeded SecureRandoms for key material. */
public final class TestRandom {
    private TestRandom() {
    }

    /** {@code length} bytes drawn from {@code random}. */
    public static byte[] bytes(RandomGenerator random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /**
     * A SHA1PRNG seeded before its first output: deterministic for {@code seed}, still a cryptographic
     * generator, so keys, nonces and signatures made from it repeat run after run.
     */
    public static SecureRandom secure(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK ships SHA1PRNG", e);
        }
    }
}
