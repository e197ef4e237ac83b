package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedSourcesTest {
    private static final NodeAddress A = NodeAddress.parse("127.0.0.2:4000");
    private static final NodeAddress B = NodeAddress.parse("127.0.0.3:4000");
    private static final NodeAddress C = NodeAddress.parse("[::1]:4000");

    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void anAddressIsUnverifiedUntilVerifiedAndOnlyThatAddressIs() {
        VerifiedSources v = new VerifiedSources(4, Duration.ofMinutes(10), nanos::get);
        assertFalse(v.isVerified(A));
        v.verify(A);
        assertTrue(v.isVerified(A));
        assertFalse(v.isVerified(B));
        assertFalse(v.isVerified(NodeAddress.parse("127.0.0.2:4001")), "another port of the same host is another source");
    }

    @Test
    void aProofExpiresAfterItsLifetimeAndARenewedProofLastsAgain() {
        VerifiedSources v = new VerifiedSources(4, Duration.ofSeconds(600), nanos::get);
        v.verify(A);
        nanos.addAndGet(Duration.ofSeconds(599).toNanos());
        assertTrue(v.isVerified(A));
        v.verify(A);
        nanos.addAndGet(Duration.ofSeconds(599).toNanos());
        assertTrue(v.isVerified(A), "renewed 599 s ago");
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(v.isVerified(A), "600 s after the last proof");
        assertEquals(0, v.size(), "an expired entry found is removed");
    }

    @Test
    void expiredProofsAreForgottenWhenAnotherAddressIsVerifiedAndLiveOnesStay() {
        VerifiedSources v = new VerifiedSources(100, Duration.ofSeconds(600), nanos::get);
        v.verify(A);
        nanos.addAndGet(Duration.ofSeconds(300).toNanos());
        v.verify(B);
        nanos.addAndGet(Duration.ofSeconds(300).toNanos());
        v.verify(C); // A's proof is 600 s old now, B's 300 s
        assertEquals(2, v.size());
        assertFalse(v.isVerified(A));
        assertTrue(v.isVerified(B));
        assertTrue(v.isVerified(C));
    }

    @Test
    void theSetIsBoundedAndForgetsTheLeastRecentlyUsedFirst() {
        VerifiedSources v = new VerifiedSources(2, Duration.ofMinutes(10), nanos::get);
        v.verify(A);
        v.verify(B);
        assertTrue(v.isVerified(A)); // A is now the most recently used
        v.verify(C);
        assertEquals(2, v.size());
        assertTrue(v.isVerified(A));
        assertTrue(v.isVerified(C));
        assertFalse(v.isVerified(B));
    }

    @Test
    void aFloodOfAddressesNeverGrowsItBeyondItsCapacity() {
        VerifiedSources v = new VerifiedSources(1_000, Duration.ofMinutes(10), nanos::get);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            byte[] ip = {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
            v.verify(NodeAddress.of(ip, 1 + random.nextInt(65_535)));
            assertTrue(v.size() <= 1_000);
        }
        assertEquals(1_000, v.size());
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new VerifiedSources(0, Duration.ofMinutes(1), nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new VerifiedSources(1, Duration.ZERO, nanos::get));
    }
}
