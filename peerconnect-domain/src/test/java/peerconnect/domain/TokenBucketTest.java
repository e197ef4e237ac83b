package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    /** Takes as many tokens as it can at each instant; returns how many it got in total. */
    private static long drain(TokenBucket bucket, long... instants) {
        long taken = 0;
        for (long t : instants) {
            while (bucket.tryTake(t)) {
                taken++;
            }
        }
        return taken;
    }

    @ParameterizedTest(name = "rate {0}/s burst {1}: drained at 0 then at {2} ns -> {3} tokens")
    @CsvSource({
            // rate, burst, second instant (ns), tokens taken in total
            "10,   5,  0,              5",   // a full bucket gives its burst, no more at the same instant
            "10,   5,  100000000,      6",   // 0.1 s at 10/s adds exactly one token
            "10,   5,  99999999,       5",   // a nanosecond short of a whole token adds none
            "10,   5,  1000000000,     10",  // 1 s adds 10 tokens but the bucket holds 5
            "10,   5,  3600000000000,  10",  // an hour idle still refills only to the burst
            "1,    1,  999999999,      1",
            "1,    1,  1000000000,     2",
    })
    void drainingAtTwoInstantsGivesBurstPlusRefillCappedAtBurst(long rate, long burst, long second, long expected) {
        assertEquals(expected, drain(new TokenBucket(new RateLimit(rate, burst), 0), 0, second));
    }

    @Test
    void theLargestSettingsDoNotOverflow() {
        TokenBucket bucket = new TokenBucket(new RateLimit(RateLimit.MAX, RateLimit.MAX), 0);
        assertEquals(RateLimit.MAX, bucket.tokens());
        assertTrue(bucket.tryTake(0));
        assertEquals(RateLimit.MAX - 1, bucket.tokens());
        assertTrue(bucket.hasToken(1)); // 1 ns at 10^9/s gives the token back, capped at the burst
        assertEquals(RateLimit.MAX, bucket.tokens());
        assertTrue(bucket.tryTake(3_600 * SECOND));
        assertEquals(RateLimit.MAX - 1, bucket.tokens());
    }

    @Test
    void partialRefillsAccumulateExactly() {
        // Burst 2 so the cap never trims the remainders this test is about.
        TokenBucket bucket = new TokenBucket(new RateLimit(3, 2), 0);
        assertEquals(2, drain(bucket, 0));
        // 3/s: a token every 333,333,333.3 ns; three thirds-of-a-second steps must not lose the remainder.
        assertFalse(bucket.tryTake(333_333_333));
        assertTrue(bucket.tryTake(333_333_334));
        assertFalse(bucket.tryTake(666_666_666));
        assertTrue(bucket.tryTake(666_666_667));
        assertFalse(bucket.tryTake(999_999_999));
        assertTrue(bucket.tryTake(SECOND));
    }

    @Test
    void aClockSteppingBackAddsNothingAndRefillingResumesFromItsNewReading() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10, 1), 3_600 * SECOND);
        assertTrue(bucket.tryTake(3_600 * SECOND));
        assertFalse(bucket.tryTake(4 * SECOND), "an hour back adds nothing");
        assertFalse(bucket.tryTake(4 * SECOND + SECOND / 20));
        assertTrue(bucket.tryTake(4 * SECOND + SECOND / 10), "0.1 s after the step, not an hour later");
    }

    @Test
    void hasTokenTakesNothing() {
        TokenBucket bucket = new TokenBucket(new RateLimit(1, 2), 0);
        assertTrue(bucket.hasToken(0));
        assertTrue(bucket.hasToken(0));
        assertEquals(2, bucket.tokens());
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 0", "-5, 5", "1000000001, 1", "1, 1000000001"})
    void limitsOutsideTheirRangeAreRefused(long rate, long burst) {
        var e = assertThrows(IllegalArgumentException.class, () -> new RateLimit(rate, burst));
        assertTrue(e.getMessage().contains("must be in"), e.getMessage());
    }
}
