package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import peerconnect.domain.SignatureChecker.Outcome;

/** The signature checker: one verification per distinct content, a budget per source and for all, a bounded cache. */
class SignatureCheckerTest {
    private static final NodeKey KEY = NodeKey.forSimulation(1);
    private static final byte[] DATA = "a rumor".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE = KEY.sign(DATA);
    private static final NodeAddress A = NodeAddress.parse("10.0.0.1:4000");
    private static final NodeAddress B = NodeAddress.parse("10.0.0.2:4000");

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger verifications = new AtomicInteger();
    private final SignatureVerifier counting = (k, d, s) -> {
        verifications.incrementAndGet();
        return NodeKey.verify(k, d, s);
    };

    private SignatureChecker checker(RateLimit budget, int capacity) {
        return new SignatureChecker(new SignatureCheckSettings(budget, capacity), counting, clock);
    }

    @Test
    void theSameBytesAreVerifiedOnceAndAnsweredFromTheCacheAfterwards() {
        SignatureChecker c = checker(RateLimit.unlimited(), 16);
        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.VALID, c.check(7, A, KEY.publicKey(), DATA, SIGNATURE));
        }
        byte[] forged = SIGNATURE.clone();
        forged[0] ^= 1;
        for (int i = 0; i < 5; i++) {
            assertEquals(Outcome.INVALID, c.check(8, A, KEY.publicKey(), DATA, forged));
        }
        assertAll(() -> assertEquals(2, verifications.get()), () -> assertEquals(2, c.checked()),
                () -> assertEquals(8, c.cacheHits()), () -> assertEquals(1, c.invalid()));
    }

    @Test
    void aForgeryUnderTheKeyOfAValidEntryIsCheckedOnItsOwnAndDoesNotEvictTheValidVerdict() {
        SignatureChecker c = checker(RateLimit.unlimited(), 16);
        assertEquals(Outcome.VALID, c.check(7, A, KEY.publicKey(), DATA, SIGNATURE));
        byte[] altered = "a rumor, altered".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Outcome.INVALID, c.check(7, A, KEY.publicKey(), altered, SIGNATURE));
        assertEquals(Outcome.VALID, c.check(7, A, KEY.publicKey(), DATA, SIGNATURE));
        assertEquals(2, verifications.get(), "the genuine copy was still answered from the cache");
    }

    @Test
    void oneSourceGetsAnEighthOfTheBudgetAndTheOthersStillGetTheirChecks() {
        SignatureChecker c = checker(new RateLimit(80, 80), 1_000);
        int admitted = 0;
        for (int i = 0; i < 100; i++) {
            if (c.check(i, A, KEY.publicKey(), DATA, new byte[64]) != Outcome.OVER_BUDGET) {
                admitted++;
            }
        }
        assertEquals(10, admitted, "80 / 8");
        assertEquals(90, c.overBudget());
        assertEquals(Outcome.VALID, c.check(1_000, B, KEY.publicKey(), DATA, SIGNATURE), "another source");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Outcome.INVALID, c.check(2_000, A, KEY.publicKey(), DATA, new byte[64]), "refilled");
    }

    @Test
    void theCacheIsBoundedAndForgetsTheLeastRecentlyUsedFirst() {
        SignatureChecker c = checker(RateLimit.unlimited(), 3);
        for (int i = 0; i < 10; i++) {
            c.check(i, A, KEY.publicKey(), DATA, SIGNATURE);
        }
        assertEquals(3, c.cacheSize());
        c.check(0, A, KEY.publicKey(), DATA, SIGNATURE);
        assertEquals(11, verifications.get(), "entry 0 was forgotten and checked again");
        c.check(9, A, KEY.publicKey(), DATA, SIGNATURE);
        assertEquals(11, verifications.get(), "entry 9 was still there");
    }

    @Test
    void badKeysAndSignaturesAreInvalidNeverAnException() {
        SignatureChecker c = checker(RateLimit.unlimited(), 16);
        assertEquals(Outcome.INVALID, c.check(1, A, new byte[32], DATA, SIGNATURE));
        assertEquals(Outcome.INVALID, c.check(2, A, new byte[3], DATA, SIGNATURE));
        assertEquals(Outcome.INVALID, c.check(3, A, KEY.publicKey(), DATA, new byte[5]));
    }

    @Test
    void theCountersAreReportedUnderSignatures() {
        SignatureChecker c = checker(RateLimit.unlimited(), 16);
        c.check(1, A, KEY.publicKey(), DATA, SIGNATURE);
        c.check(1, A, KEY.publicKey(), DATA, SIGNATURE);
        assertEquals(java.util.Map.of("signatures.checked", 1L, "signatures.cacheHits", 1L,
                "signatures.overBudget", 0L, "signatures.invalid", 0L), CounterSink.collect(java.util.List.of(c)));
    }

    @Test
    void aSimulationKeyIsTheSameForTheSameSeed() {
        assertEquals(NodeKey.forSimulation(42), NodeKey.forSimulation(42));
        assertEquals(false, NodeKey.forSimulation(42).equals(NodeKey.forSimulation(43)));
    }

    /** A clock moved by hand. */
    private static final class ManualClock implements java.time.InstantSource {
        private Instant now = Instant.ofEpochSecond(1_800_000_000L);

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void aVerdictIsKeptUnderTheSha256OfKeySignedBytesAndSignature() throws Exception {
        byte[] key = {1, 2};
        byte[] signed = {3, 4, 5};
        byte[] signature = {6};
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3, 4, 5, 6});
        assertAll(
                () -> org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
                        SignatureChecker.verdictKey(key, signed, signature)),
                () -> org.junit.jupiter.api.Assertions.assertArrayEquals(
                        SignatureChecker.verdictKey(key, signed, signature), SignatureChecker.verdictKey(key, signed, signature),
                        "a fresh digest per call: the second call is not fed the first one's bytes"));
    }
}
