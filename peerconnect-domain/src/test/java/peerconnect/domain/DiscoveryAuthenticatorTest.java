package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DiscoveryAuthenticator.Accepted;
import peerconnect.domain.DiscoveryAuthenticator.Rejected;
import peerconnect.domain.DiscoveryAuthenticator.Verdict;
import peerconnect.testkit.core.TestRandom;

/** Signed discovery between nodes whose clocks the test sets. */
class DiscoveryAuthenticatorTest {
    /** A clock the test moves by hand. */
    static final class HandClock implements InstantSource {
        long millis;

        HandClock(long millis) {
            this.millis = millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final long START = 1_790_000_000_000L;
    private static final NodeAddress A_ADDRESS = NodeAddress.parse("10.0.0.1:4000");
    private static final NodeAddress B_ADDRESS = NodeAddress.parse("10.0.0.2:4000");
    private static final NodeAddress C_ADDRESS = NodeAddress.parse("10.0.0.3:4000");
    private static final DiscoveryConfig CONFIG = DiscoveryConfig.defaults();

    private final HandClock clock = new HandClock(START);
    private final NodeKey aKey = NodeKey.generate(TestRandom.secure(1));
    private final NodeKey bKey = NodeKey.generate(TestRandom.secure(2));
    private final NodeKey cKey = NodeKey.generate(TestRandom.secure(3));
    private final DiscoveryAuthenticator a = new DiscoveryAuthenticator(aKey, CONFIG, clock);
    private final DiscoveryAuthenticator b = new DiscoveryAuthenticator(bKey, CONFIG, clock);
    private final DiscoveryAuthenticator c = new DiscoveryAuthenticator(cKey, CONFIG, clock);

    @Test
    void aSignedFindAndItsReplyAreAccepted() {
        byte[] find = b.signFind(B_ADDRESS);
        Accepted heard = assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find));
        assertEquals(B_ADDRESS, heard.advertised());
        assertEquals(START, heard.timestampMillis());

        byte[] reply = a.signReply(A_ADDRESS, bKey.peerId(), heard.timestampMillis());
        Verdict answered = b.verify(DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, reply);
        assertEquals(new Accepted(A_ADDRESS, START), answered);
        assertEquals(noRejections(), a.rejections());
        assertEquals(noRejections(), b.rejections());
        assertEquals(1, a.accepted());
        assertEquals(1, b.accepted());
    }

    @Test
    void aWrongSignatureIsRejected() {
        byte[] find = b.signFind(B_ADDRESS);
        find[find.length - 5] ^= 0x40;
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        byte[] retimed = b.signFind(B_ADDRESS);
        retimed[7 + 32 + 7] ^= 0x01; // the timestamp's last byte: still fresh, no longer what was signed
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, retimed);
    }

    @Test
    void anIdThatIsNotTheKeysIsRejected() {
        byte[] find = b.signFind(B_ADDRESS);
        assertRejected(DiscoveryRejection.ID_NOT_KEY, a, DiscoveryCodec.NETWORK_FIND,
                PeerId.random(new SplittableRandom(9)), B_ADDRESS, find);
    }

    @Test
    void anotherNodesIdCannotBeClaimedWithOnesOwnKey() {
        // C claims to be B: with its own key in the body the id does not match it...
        byte[] own = c.signFind(C_ADDRESS);
        assertRejected(DiscoveryRejection.ID_NOT_KEY, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), C_ADDRESS, own);
        // ...and with B's public key in the body, C's signature does not verify under it.
        byte[] signed = DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), C_ADDRESS, START, null, 0);
        byte[] forged = DiscoveryCodec.encodeFind(C_ADDRESS, bKey.publicKey(), START, cKey.sign(signed));
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), C_ADDRESS, forged);
    }

    @Test
    void aTimestampOutsideTheWindowEitherWayIsStale() {
        long window = CONFIG.freshnessWindow().toMillis();
        byte[] find = b.signFind(B_ADDRESS);
        clock.millis = START + window + 1; // the receiver is ahead: the find is too old
        assertRejected(DiscoveryRejection.STALE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        clock.millis = START - window - 1; // the receiver is behind: the find comes from the future
        assertRejected(DiscoveryRejection.STALE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        clock.millis = START + window; // the edge is still inside
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find));
    }

    @Test
    void aReplayedAnnouncementIsRejectedWithinTheWindowAndAfterIt() {
        byte[] find = b.signFind(B_ADDRESS);
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find));
        clock.millis = START + 10_000;
        assertRejected(DiscoveryRejection.REPLAYED, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        clock.millis = START + 10 * 60_000;
        assertRejected(DiscoveryRejection.STALE, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        assertEquals(1, a.accepted());
    }

    @Test
    void aReplyIsGoodForItsOwnFindOnly() {
        byte[] bFind = b.signFind(B_ADDRESS);
        long bFindTime = ((Accepted) a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, bFind)).timestampMillis();
        byte[] reply = a.signReply(A_ADDRESS, bKey.peerId(), bFindTime);
        // C sent a find at the very same millisecond, so the find timestamp matches one of C's: the
        // signature, which names B as the finder, still does not hold for C.
        c.signFind(C_ADDRESS);
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, c, DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, reply);
        // A node that sent no find at that time does not take the reply at all.
        clock.millis = START + 5;
        DiscoveryAuthenticator late = new DiscoveryAuthenticator(cKey, CONFIG, clock);
        late.signFind(C_ADDRESS);
        assertRejected(DiscoveryRejection.UNSOLICITED, late, DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, reply);
        // B's later find: pointing the reply at it breaks the signature.
        byte[] secondFind = b.signFind(B_ADDRESS);
        long second = DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND, secondFind).orElseThrow().timestampMillis();
        var original = (DiscoveryCodec.ReplyBody) DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND_REPLY, reply).orElseThrow();
        byte[] moved = DiscoveryCodec.encodeReply(A_ADDRESS, original.publicKey(), original.timestampMillis(), second,
                original.signature());
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, b, DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, moved);
        // The genuine reply still works once, and only once.
        assertInstanceOf(Accepted.class, b.verify(DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, reply));
        assertRejected(DiscoveryRejection.REPLAYED, b, DiscoveryCodec.NETWORK_FIND_REPLY, aKey.peerId(), A_ADDRESS, reply);
    }

    @Test
    void anAdvertisedAddressThatIsNotTheSourceIsRejected() {
        byte[] find = b.signFind(B_ADDRESS);
        assertRejected(DiscoveryRejection.ADDRESS_MISMATCH, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), C_ADDRESS, find);
        // The genuine one, arriving after the spoof, is not blocked by it.
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find));
    }

    @Test
    void anAdvertisedAddressThatIsNotUnicastIsRejected() {
        for (String text : new String[] {"239.192.80.67:19777", "0.0.0.0:4000", "255.255.255.255:4000", "10.0.0.2:0",
                "[ff02::1]:4000", "[::]:4000"}) {
            NodeAddress address = NodeAddress.parse(text);
            byte[] find = b.signFind(address);
            assertRejected(DiscoveryRejection.BAD_ADDRESS, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), address, find);
        }
    }

    @Test
    void aMalformedBodyIsRejected() {
        byte[] find = b.signFind(B_ADDRESS);
        assertRejected(DiscoveryRejection.MALFORMED, a, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS,
                java.util.Arrays.copyOf(find, find.length - 1));
        assertRejected(DiscoveryRejection.MALFORMED, a, DiscoveryCodec.NETWORK_FIND_REPLY, bKey.peerId(), B_ADDRESS, find);
        assertRejected(DiscoveryRejection.MALFORMED, a, (byte) 7, bKey.peerId(), B_ADDRESS, find);
    }

    @Test
    void theReplayCacheStaysWithinItsCapacityAndNeverForgetsIntoAGap() {
        DiscoveryAuthenticator small = new DiscoveryAuthenticator(aKey, CONFIG.withReplayCapacity(4), clock);
        byte[] first = b.signFind(B_ADDRESS);
        assertInstanceOf(Accepted.class, small.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, first));
        for (int i = 0; i < 10; i++) {
            clock.millis++;
            NodeKey flooder = NodeKey.generate(TestRandom.secure(100 + i));
            NodeAddress from = NodeAddress.parse("10.0.1." + (i + 1) + ":4000");
            byte[] find = new DiscoveryAuthenticator(flooder, CONFIG, clock).signFind(from);
            assertInstanceOf(Accepted.class, small.verify(DiscoveryCodec.NETWORK_FIND, flooder.peerId(), from, find));
            assertTrue(small.replayCacheSize() <= 4, "size " + small.replayCacheSize());
        }
        // The first pair was forgotten, yet its replay is still refused.
        assertRejected(DiscoveryRejection.REPLAYED, small, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, first);
    }

    @Test
    void ownMessagesSignedInOneMillisecondGetDistinctTimestamps() {
        byte[] one = b.signFind(B_ADDRESS);
        byte[] two = b.signFind(B_ADDRESS);
        long t1 = DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND, one).orElseThrow().timestampMillis();
        long t2 = DiscoveryCodec.decode(DiscoveryCodec.NETWORK_FIND, two).orElseThrow().timestampMillis();
        assertNotEquals(t1, t2);
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, one));
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, two));
    }

    @Test
    void oneFloodingAddressSpendsAnEighthOfTheBudgetAndOthersAreStillChecked() {
        DiscoveryAuthenticator budgeted = new DiscoveryAuthenticator(aKey,
                CONFIG.withSignatureChecks(new RateLimit(80, 160)), clock); // 20 checks per address in a burst
        int checked = 0;
        for (int i = 0; i < 100; i++) {
            byte[] forged = b.signFind(B_ADDRESS);
            forged[forged.length - 1] ^= 1;
            if (budgeted.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, forged) instanceof Rejected r
                    && r.reason() == DiscoveryRejection.BAD_SIGNATURE) {
                checked++;
            }
        }
        assertEquals(20, checked, "the flooding address got its share of checks, no more");
        assertInstanceOf(Accepted.class, budgeted.verify(DiscoveryCodec.NETWORK_FIND, cKey.peerId(), C_ADDRESS,
                c.signFind(C_ADDRESS)), "another peer's announcement is still checked and accepted");
    }

    @Test
    void signaturesBeyondTheBudgetAreRefusedUncheckedUntilItRefills() {
        DiscoveryAuthenticator budgeted = new DiscoveryAuthenticator(aKey,
                CONFIG.withSignatureChecks(new RateLimit(1, 2)), clock);
        byte[][] finds = {b.signFind(B_ADDRESS), b.signFind(B_ADDRESS), b.signFind(B_ADDRESS)};
        assertInstanceOf(Accepted.class, budgeted.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, finds[0]));
        byte[] forged = finds[1].clone();
        forged[forged.length - 1] ^= 1;
        assertRejected(DiscoveryRejection.BAD_SIGNATURE, budgeted, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS,
                forged); // a failed check spends the budget too
        assertRejected(DiscoveryRejection.OVER_BUDGET, budgeted, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS,
                finds[2]);
        // A replay of an accepted pair costs no check, budget or not.
        assertRejected(DiscoveryRejection.REPLAYED, budgeted, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS,
                finds[0]);
        clock.millis += 1_000;
        assertInstanceOf(Accepted.class, budgeted.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, finds[2]));
    }

    @Test
    void theWindowIsASetting() {
        DiscoveryAuthenticator strict = new DiscoveryAuthenticator(aKey,
                CONFIG.withFreshnessWindow(Duration.ofSeconds(1)), clock);
        byte[] find = b.signFind(B_ADDRESS);
        clock.millis += 1_001;
        assertRejected(DiscoveryRejection.STALE, strict, DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find);
        assertInstanceOf(Accepted.class, a.verify(DiscoveryCodec.NETWORK_FIND, bKey.peerId(), B_ADDRESS, find));
    }

    private static void assertRejected(DiscoveryRejection reason, DiscoveryAuthenticator receiver, byte header,
                                       PeerId sender, NodeAddress source, byte[] body) {
        long before = receiver.rejections().get(reason);
        assertEquals(new Rejected(reason), receiver.verify(header, sender, source, body));
        assertEquals(before + 1, receiver.rejections().get(reason), "counted under " + reason);
    }

    private static Map<DiscoveryRejection, Long> noRejections() {
        Map<DiscoveryRejection, Long> zero = new EnumMap<>(DiscoveryRejection.class);
        for (DiscoveryRejection r : DiscoveryRejection.values()) {
            zero.put(r, 0L);
        }
        return zero;
    }
}
