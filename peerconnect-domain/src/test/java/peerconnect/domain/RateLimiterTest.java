package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;
    private static final RateLimit WIDE = new RateLimit(1_000_000, 1_000_000);

    private static NodeAddress at(String text) {
        return NodeAddress.parse(text);
    }

    private static int admitted(RateLimiter limiter, NodeAddress from, int tries, long now) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.admit(from, now) == RateLimiter.Verdict.ADMITTED) {
                n++;
            }
        }
        return n;
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        var limiter = RateLimiter.create(new RateLimiterSettings(new RateLimit(10, 5), WIDE, WIDE, 100, 100), 0);
        NodeAddress a = at("10.0.0.1:4000");
        assertEquals(5, admitted(limiter, a, 20, 0));
        assertEquals(RateLimiter.Verdict.ADDRESS_LIMITED, limiter.admit(a, 0));
        assertEquals(5, admitted(limiter, at("10.0.0.1:4001"), 20, 0), "another port is another address");
        assertEquals(1, admitted(limiter, a, 20, SECOND / 10), "0.1 s at 10/s refills one token");
    }

    @Test
    void addressesOfOneIpv4Slash24ShareAPrefixBucket() {
        var limiter = RateLimiter.create(new RateLimiterSettings(WIDE, new RateLimit(10, 3), WIDE, 100, 100), 0);
        assertEquals(2, admitted(limiter, at("192.168.1.7:1"), 2, 0));
        assertEquals(1, admitted(limiter, at("192.168.1.200:9"), 5, 0));
        assertEquals(RateLimiter.Verdict.PREFIX_LIMITED, limiter.admit(at("192.168.1.1:1"), 0));
        assertEquals(3, admitted(limiter, at("192.168.2.1:1"), 5, 0), "the next /24 has its own bucket");
    }

    @Test
    void addressesOfOneIpv6Slash64ShareAPrefixBucket() {
        var limiter = RateLimiter.create(new RateLimiterSettings(WIDE, new RateLimit(10, 3), WIDE, 100, 100), 0);
        assertEquals(2, admitted(limiter, at("[fd00:1:2:3::1]:1"), 2, 0));
        assertEquals(1, admitted(limiter, at("[fd00:1:2:3:ffff:ffff:ffff:ffff]:1"), 5, 0));
        assertEquals(3, admitted(limiter, at("[fd00:1:2:4::1]:1"), 5, 0), "the next /64 has its own bucket");
    }

    @Test
    void theGlobalBucketHoldsAllSourcesTogether() {
        var limiter = RateLimiter.create(new RateLimiterSettings(WIDE, WIDE, new RateLimit(100, 4), 100, 100), 0);
        assertEquals(2, admitted(limiter, at("10.0.0.1:1"), 2, 0));
        assertEquals(2, admitted(limiter, at("[fd00::1]:1"), 5, 0));
        assertEquals(RateLimiter.Verdict.GLOBAL_LIMITED, limiter.admit(at("172.16.0.1:1"), 0));
    }

    @Test
    void aRefusedDatagramTakesNoTokenFromTheOtherBuckets() {
        var limiter = RateLimiter.create(
                new RateLimiterSettings(new RateLimit(1, 1), new RateLimit(1, 3), new RateLimit(1, 10), 100, 100), 0);
        assertEquals(1, admitted(limiter, at("10.0.0.1:1"), 50, 0), "the address's own limit refuses 49");
        assertEquals(2, admitted(limiter, at("10.0.0.2:1"), 1, 0) + admitted(limiter, at("10.0.0.3:1"), 1, 0),
                "its neighbours still find 2 of the prefix's 3 tokens");
    }

    @Test
    void aFloodFromAMillionSpoofedSourcesKeepsTheTablesAtTheirBoundAndIsHeldByTheGlobalLimit() {
        RateLimiterSettings settings = RateLimiterSettings.defaults();
        var limiter = RateLimiter.create(settings, 0);
        SplittableRandom random = new SplittableRandom(7);
        byte[] ip = new byte[4];
        long admitted = 0;
        int sources = 1_000_000;
        long step = 1_000; // 1 us apart: a million datagrams in one second
        for (int i = 0; i < sources; i++) {
            int bits = random.nextInt();
            ip[0] = (byte) (bits >>> 24);
            ip[1] = (byte) (bits >>> 16);
            ip[2] = (byte) (bits >>> 8);
            ip[3] = (byte) bits;
            if (limiter.admit(NodeAddress.of(ip, 1 + random.nextInt(0xffff)), i * step)
                    == RateLimiter.Verdict.ADMITTED) {
                admitted++;
            }
            if (limiter.trackedAddresses() > settings.maxAddresses()
                    || limiter.trackedPrefixes() > settings.maxPrefixes()) {
                throw new AssertionError("tables over their bound after " + (i + 1) + " sources: "
                        + limiter.trackedAddresses() + " addresses, " + limiter.trackedPrefixes() + " prefixes");
            }
        }
        // Fewer than the bound at the end: sources the global limit refused took no token, so their
        // buckets stayed full and were forgotten as the next sources came.
        assertTrue(limiter.trackedAddresses() < settings.maxAddresses(), limiter.trackedAddresses() + " tracked");
        long bound = settings.global().burst() + settings.global().perSecond() * (sources * step) / SECOND;
        assertTrue(admitted <= bound, admitted + " admitted, bound " + bound);
        assertTrue(admitted >= settings.global().burst(), "the global burst is used before refusing: " + admitted);
    }

    @Test
    void anIpv6FloodAlsoStaysAtTheBound() {
        var limiter = RateLimiter.create(new RateLimiterSettings(WIDE, WIDE, WIDE, 1_000, 50), 0);
        SplittableRandom random = new SplittableRandom(8);
        byte[] ip = new byte[16];
        ip[0] = (byte) 0xfd;
        for (int i = 0; i < 100_000; i++) {
            for (int b = 1; b < 16; b++) {
                ip[b] = (byte) random.nextInt();
            }
            limiter.admit(NodeAddress.of(ip, 4000), i);
        }
        assertEquals(1_000, limiter.trackedAddresses());
        assertEquals(50, limiter.trackedPrefixes());
    }

    @Test
    void aBucketThatRefilledIsForgottenWhenANewSourceArrivesAndAnEmptyOneIsKept() {
        var limiter = RateLimiter.create(new RateLimiterSettings(new RateLimit(10, 2), WIDE, WIDE, 100, 100), 0);
        NodeAddress a = at("10.0.0.1:1");
        NodeAddress b = at("10.0.0.2:1");
        assertEquals(2, admitted(limiter, a, 5, 0));
        assertEquals(2, admitted(limiter, b, 5, SECOND / 10));
        // At 0.2 s, a has refilled its 2 tokens and b only 1 of them: a new source forgets a alone.
        limiter.admit(at("10.0.0.3:1"), SECOND / 5);
        assertEquals(2, limiter.trackedAddresses());
        assertEquals(RateLimiter.Verdict.ADDRESS_LIMITED, admittedThenNext(limiter, b, SECOND / 5),
                "b kept its bucket, with the one token it had refilled");
        assertEquals(2, admitted(limiter, a, 5, SECOND / 5), "a forgotten bucket comes back full, as it was");
    }

    private static RateLimiter.Verdict admittedThenNext(RateLimiter limiter, NodeAddress from, long now) {
        assertEquals(RateLimiter.Verdict.ADMITTED, limiter.admit(from, now));
        return limiter.admit(from, now);
    }

    @Test
    void offAdmitsEverythingAndTracksNothing() {
        RateLimiter off = RateLimiter.off();
        assertTrue(off.isOff());
        assertEquals(100_000, admitted(off, at("10.0.0.1:1"), 100_000, 0));
        assertEquals(0, off.trackedAddresses());
    }

    @Test
    void theDefaultsLetAnHonestPeerThroughAtAThousandDatagramsPerSecondForAMinute() {
        var limiter = RateLimiter.create(RateLimiterSettings.defaults(), 0);
        int admitted = 0;
        for (int i = 0; i < 60_000; i++) {
            admitted += admitted(limiter, at("192.168.1.10:4000"), 1, i * (SECOND / 1_000));
        }
        assertEquals(60_000, admitted);
    }
}
