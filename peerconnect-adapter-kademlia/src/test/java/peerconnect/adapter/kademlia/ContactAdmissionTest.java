package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** {@link ContactAdmission}'s decisions by table: who enters the routing table, who is pinged, who is dropped. */
class ContactAdmissionTest {
    private static final ContactAdmission.Policy POLICY = new ContactAdmission.Policy(20, 32, 30_000);
    private static final long NOW = 1_000_000;
    private static final NodeAddress HERE = NodeAddress.parse("10.0.0.1:4000");
    private static final NodeAddress ELSEWHERE = NodeAddress.parse("10.0.0.2:4000");
    private static final PeerContact PEER = new PeerContact(PeerId.fromHex("ab".repeat(20)), HERE);

    private static final Optional<ContactAdmission.Known> UNKNOWN = Optional.empty();
    private static final Optional<ContactAdmission.Known> KNOWN_HERE = known(HERE, NOW - 60_000);
    private static final Optional<ContactAdmission.Known> KNOWN_ELSEWHERE_STALE = known(ELSEWHERE, NOW - 60_000);
    private static final Optional<ContactAdmission.Known> KNOWN_ELSEWHERE_FRESH = known(ELSEWHERE, NOW - 1_000);
    private static final Optional<ContactAdmission.Bucket> NO_BUCKET = Optional.empty();
    private static final Optional<ContactAdmission.Bucket> ROOM = bucket(true, 5, false, NOW - 60_000);
    private static final Optional<ContactAdmission.Bucket> OVER_QUOTA = bucket(false, 5, false, NOW - 60_000);
    private static final Optional<ContactAdmission.Bucket> FULL_OLDEST_STALE = bucket(true, 20, false, NOW - 60_000);
    private static final Optional<ContactAdmission.Bucket> FULL_OLDEST_FRESH = bucket(true, 20, false, NOW - 1_000);
    private static final Optional<ContactAdmission.Known> KNOWN_ELSEWHERE_MISSED =
            Optional.of(new ContactAdmission.Known(ELSEWHERE, NOW - 60_000, 1));
    private static final Optional<ContactAdmission.Known> KNOWN_ELSEWHERE_MISSED_FRESH =
            Optional.of(new ContactAdmission.Known(ELSEWHERE, NOW - 1_000, 2));
    private static final Optional<ContactAdmission.Bucket> FULL_OLDEST_FRESH_WITH_BAD =
            Optional.of(new ContactAdmission.Bucket(true, 20, false, NOW - 1_000, true));
    private static final Optional<ContactAdmission.Bucket> FULL_OLDEST_PINGED = bucket(true, 20, true, NOW - 60_000);
    private static final Optional<ContactAdmission.Bucket> FAR_HALF_FULL =
            Optional.of(new ContactAdmission.Bucket(true, 10, false, NOW - 60_000, false, true));
    private static final Optional<ContactAdmission.Bucket> FAR_UNDER_HALF =
            Optional.of(new ContactAdmission.Bucket(true, 9, false, NOW - 60_000, false, true));
    private static final Optional<ContactAdmission.Bucket> FAR_HALF_FULL_WITH_BAD =
            Optional.of(new ContactAdmission.Bucket(true, 10, false, NOW - 60_000, true, true));
    private static final Optional<ContactAdmission.Bucket> NEAR_HALF_FULL =
            Optional.of(new ContactAdmission.Bucket(true, 10, false, NOW - 60_000, false, false));

    private static Optional<ContactAdmission.Known> known(NodeAddress at, long lastSeen) {
        return Optional.of(new ContactAdmission.Known(at, lastSeen));
    }

    private static Optional<ContactAdmission.Bucket> bucket(boolean admits, int size, boolean pinging, long oldest) {
        return Optional.of(new ContactAdmission.Bucket(admits, size, pinging, oldest));
    }

    private record Row(String why, boolean answered, boolean self, Optional<ContactAdmission.Known> known,
                       boolean pending, int pendingCount, Optional<ContactAdmission.Bucket> bucket,
                       Class<? extends AdmissionStep> step, boolean checkingKnown) {
        Row(String why, boolean answered, boolean self, Optional<ContactAdmission.Known> known, boolean pending,
            int pendingCount, Optional<ContactAdmission.Bucket> bucket, Class<? extends AdmissionStep> step) {
            this(why, answered, self, known, pending, pendingCount, bucket, step, false);
        }
    }

    private static final List<Row> ROWS = List.of(
            new Row("own id: never stored", false, true, UNKNOWN, false, 0, ROOM, AdmissionStep.Drop.class),
            new Row("own id, even as an answer", true, true, UNKNOWN, false, 0, ROOM, AdmissionStep.Drop.class),
            new Row("a request from the known address refreshes", false, false, KNOWN_HERE, false, 0, NO_BUCKET,
                    AdmissionStep.Insert.class),
            new Row("an answer from the known address refreshes", true, false, KNOWN_HERE, false, 0, NO_BUCKET,
                    AdmissionStep.Insert.class),
            new Row("an answer from a new id is offered", true, false, UNKNOWN, false, 0, FULL_OLDEST_STALE,
                    AdmissionStep.Insert.class),
            new Row("a request from a new id: ping it first", false, false, UNKNOWN, false, 0, ROOM,
                    AdmissionStep.PingSender.class),
            new Row("a new id whose bucket was never used", false, false, UNKNOWN, false, 0, NO_BUCKET,
                    AdmissionStep.PingSender.class),
            new Row("already being pinged", false, false, UNKNOWN, true, 1, ROOM, AdmissionStep.Drop.class),
            new Row("too many pings in flight", false, false, UNKNOWN, false, 32, ROOM, AdmissionStep.Skip.class),
            new Row("its address has its share of the bucket", false, false, UNKNOWN, false, 0, OVER_QUOTA,
                    AdmissionStep.Refuse.class),
            new Row("full bucket, oldest quiet: the newcomer may become a live replacement", false, false, UNKNOWN,
                    false, 0, FULL_OLDEST_STALE, AdmissionStep.PingSender.class),
            new Row("full bucket holding a bad contact: the newcomer is asked", false, false, UNKNOWN, false, 0,
                    FULL_OLDEST_FRESH_WITH_BAD, AdmissionStep.PingSender.class),
            new Row("full bucket, oldest heard from moments ago", false, false, UNKNOWN, false, 0, FULL_OLDEST_FRESH,
                    AdmissionStep.Drop.class),
            new Row("full bucket, oldest already being pinged", false, false, UNKNOWN, false, 0, FULL_OLDEST_PINGED,
                    AdmissionStep.Drop.class),
            new Row("a far bucket half full: no ping, answered calls fill it", false, false, UNKNOWN, false, 0,
                    FAR_HALF_FULL, AdmissionStep.Drop.class),
            new Row("a far bucket under half full: the newcomer is asked", false, false, UNKNOWN, false, 0,
                    FAR_UNDER_HALF, AdmissionStep.PingSender.class),
            new Row("a far bucket half full holding a bad contact: the newcomer is asked", false, false, UNKNOWN,
                    false, 0, FAR_HALF_FULL_WITH_BAD, AdmissionStep.PingSender.class),
            new Row("a neighbours' bucket half full: every neighbour is asked", false, false, UNKNOWN, false, 0,
                    NEAR_HALF_FULL, AdmissionStep.PingSender.class),
            new Row("an answer enters a far bucket half full", true, false, UNKNOWN, false, 0, FAR_HALF_FULL,
                    AdmissionStep.Insert.class),
            new Row("a request from a known id at another address: ask that address to prove it", false, false,
                    KNOWN_ELSEWHERE_STALE, false, 0, NO_BUCKET, AdmissionStep.PingSender.class),
            new Row("an answer from another address: ask the known one first", true, false, KNOWN_ELSEWHERE_STALE,
                    false, 0, NO_BUCKET, AdmissionStep.PingKnownAddress.class),
            new Row("an answer from another address while the known one answered moments ago: still asked, never"
                    + " taken over unasked", true, false, KNOWN_ELSEWHERE_FRESH, false, 0, NO_BUCKET,
                    AdmissionStep.PingKnownAddress.class),
            new Row("an answer from another address after the known one missed a call: it moves", true, false,
                    KNOWN_ELSEWHERE_MISSED, false, 0, NO_BUCKET, AdmissionStep.MoveTo.class),
            new Row("a request from another address after the known one missed a call: prove it first", false,
                    false, KNOWN_ELSEWHERE_MISSED_FRESH, false, 0, NO_BUCKET, AdmissionStep.PingSender.class),
            new Row("known address heard from moments ago: the other must prove itself, then the known one is"
                    + " asked", false, false, KNOWN_ELSEWHERE_FRESH, false, 0, NO_BUCKET, AdmissionStep.PingSender.class),
            new Row("a known id whose known address is being asked", true, false, KNOWN_ELSEWHERE_STALE, false, 0,
                    NO_BUCKET, AdmissionStep.Drop.class, true),
            new Row("the quota of pings binds a known id too", false, false, KNOWN_ELSEWHERE_STALE, false, 32,
                    NO_BUCKET, AdmissionStep.Skip.class));

    @Test
    void everySituationGetsItsStep() {
        for (Row r : ROWS) {
            ContactAdmission.Situation s = new ContactAdmission.Situation(PEER, r.answered(), r.self(), r.known(),
                    r.pending(), r.pendingCount(), false, r.bucket(), NOW, r.checkingKnown());
            assertEquals(r.step(), ContactAdmission.decide(s, POLICY).getClass(), r.why());
        }
    }

    @Test
    void aFullBucketPingsItsOldestOnlyWhenThatOneIsNotFreshAndNotBeingPinged() {
        record Due(boolean pinging, long age, boolean due) { }
        for (Due d : List.of(new Due(false, 30_001, true), new Due(false, 30_000, false), new Due(true, 60_000, false),
                new Due(false, 0, false))) {
            assertEquals(d.due(), ContactAdmission.oldestPingDue(d.pinging(), NOW - d.age(), NOW, POLICY), d.toString());
        }
    }

    @Test
    void aRequestFromAPeerWeAreCallingAtThatAddressWaitsForItsReplyInsteadOfAPing() {
        ContactAdmission.Situation calling = new ContactAdmission.Situation(PEER, false, false, UNKNOWN, false, 0,
                true, ROOM, NOW);
        assertInstanceOf(AdmissionStep.Drop.class, ContactAdmission.decide(calling, POLICY));
        ContactAdmission.Situation notCalling = new ContactAdmission.Situation(PEER, false, false, UNKNOWN, false, 0,
                false, ROOM, NOW);
        assertInstanceOf(AdmissionStep.PingSender.class, ContactAdmission.decide(notCalling, POLICY));
        ContactAdmission.Situation elsewhere = new ContactAdmission.Situation(PEER, false, false,
                KNOWN_ELSEWHERE_STALE, false, 0, true, NO_BUCKET, NOW);
        assertInstanceOf(AdmissionStep.PingSender.class, ContactAdmission.decide(elsewhere, POLICY),
                "a known id at another address is still checked: its new address first");
    }

    @Test
    void onlyAFailureAtTheKnownAddressCounts() {
        assertTrue(ContactAdmission.failureCounts(KNOWN_HERE, HERE));
        assertFalse(ContactAdmission.failureCounts(KNOWN_HERE, ELSEWHERE), "a liar's address for a known id");
        assertFalse(ContactAdmission.failureCounts(UNKNOWN, HERE), "nothing to count against");
    }
}
