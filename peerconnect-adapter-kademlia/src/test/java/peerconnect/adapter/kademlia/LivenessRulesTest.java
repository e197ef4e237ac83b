package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LivenessRules} by table: how a contact moves between good, questionable and bad, and when it may leave. */
class LivenessRulesTest {
    private static final LivenessRules.Policy P = LivenessRules.Policy.defaults();
    private static final long T = 1_000_000;
    private static final long QUIET = P.questionableAfterMillis();

    private record Row(String why, Liveness before, LivenessEvent event, Liveness after) {
    }

    private static final List<Row> ROWS = List.of(
            new Row("an answer keeps a good contact good", new Liveness.Good(T), new LivenessEvent.Answered(T + 5),
                    new Liveness.Good(T + 5)),
            new Row("one missed call makes it questionable, not bad", new Liveness.Good(T),
                    new LivenessEvent.Failed(T + 5, false), new Liveness.Questionable(T, 1)),
            new Row("a missed recheck: still questionable", new Liveness.Questionable(T, 1),
                    new LivenessEvent.Failed(T + 9, true), new Liveness.Questionable(T, 2)),
            new Row("an ordinary call missed while suspected does not count: the rechecks decide",
                    new Liveness.Questionable(T, 2), new LivenessEvent.Failed(T + 9, false),
                    new Liveness.Questionable(T, 2)),
            new Row("the third miss in a row makes it bad", new Liveness.Questionable(T, 2),
                    new LivenessEvent.Failed(T + 9, true), new Liveness.Bad(T, 3)),
            new Row("a bad contact keeps counting its rechecks", new Liveness.Bad(T, 3),
                    new LivenessEvent.Failed(T + 9, true), new Liveness.Bad(T, 4)),
            new Row("but not its ordinary calls", new Liveness.Bad(T, 3), new LivenessEvent.Failed(T + 9, false),
                    new Liveness.Bad(T, 3)),
            new Row("an answer clears every miss", new Liveness.Bad(T, 4), new LivenessEvent.Answered(T + 20),
                    new Liveness.Good(T + 20)),
            new Row("a request refreshes a good contact", new Liveness.Good(T), new LivenessEvent.Heard(T + 7),
                    new Liveness.Good(T + 7)),
            new Row("a request makes a merely quiet contact good again (BEP 5)", new Liveness.Questionable(T, 0),
                    new LivenessEvent.Heard(T + 7), new Liveness.Good(T + 7)),
            new Row("a request (unproven source) does not clear a miss", new Liveness.Questionable(T, 1),
                    new LivenessEvent.Heard(T + 7), new Liveness.Questionable(T + 7, 1)),
            new Row("nor does it save a bad contact", new Liveness.Bad(T, 3), new LivenessEvent.Heard(T + 7),
                    new Liveness.Bad(T + 7, 3)),
            new Row("quiet for the whole window: questionable", new Liveness.Good(T),
                    new LivenessEvent.Aged(T + QUIET), new Liveness.Questionable(T, 0)),
            new Row("quiet for less: still good", new Liveness.Good(T), new LivenessEvent.Aged(T + QUIET - 1),
                    new Liveness.Good(T)),
            new Row("age does not change a questionable contact", new Liveness.Questionable(T, 1),
                    new LivenessEvent.Aged(T + 10 * QUIET), new Liveness.Questionable(T, 1)),
            new Row("a late answer does not move last-heard back", new Liveness.Good(T + 50),
                    new LivenessEvent.Answered(T), new Liveness.Good(T + 50)));

    @Test
    void everyStateMovesByItsRow() {
        for (Row r : ROWS) {
            assertEquals(r.after(), LivenessRules.next(r.before(), r.event(), P), r.why());
        }
    }

    @Test
    void onlyABadContactLeavesAndOnlyForALiveReplacementOrAfterFiveMisses() {
        record Case(Liveness l, boolean replacement, boolean evict) { }
        for (Case c : List.of(new Case(new Liveness.Good(T), true, false),
                new Case(new Liveness.Questionable(T, 2), true, false),
                new Case(new Liveness.Bad(T, 3), false, false),
                new Case(new Liveness.Bad(T, 3), true, true),
                new Case(new Liveness.Bad(T, 4), false, false),
                new Case(new Liveness.Bad(T, 5), false, true))) {
            assertEquals(c.evict(), LivenessRules.evict(c.l(), c.replacement(), P), c.toString());
        }
    }

    @Test
    void rechecksBackOffFromOneSecondToThirty() {
        long[] expected = {-1, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int failures = 0; failures < expected.length; failures++) {
            assertEquals(expected[failures], LivenessRules.recheckAfter(failures, P), "failures " + failures);
        }
    }

    @Test
    void theStateWordsAreThoseOfBep5() {
        assertEquals("good", new Liveness.Good(T).word().word());
        assertEquals("questionable", new Liveness.Questionable(T, 0).word().word());
        assertEquals("bad", new Liveness.Bad(T, 3).word().word());
    }

    @Test
    void aPolicyWhoseCountsAreOutOfOrderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LivenessRules.Policy(1000, 3, 2, 1000, 30_000));
        assertThrows(IllegalArgumentException.class, () -> new LivenessRules.Policy(1000, 0, 2, 1000, 30_000));
        assertTrue(LivenessRules.evict(new Liveness.Bad(T, 1), false, new LivenessRules.Policy(1000, 1, 1, 10, 10)));
        assertFalse(LivenessRules.evict(new Liveness.Questionable(T, 1), false,
                new LivenessRules.Policy(1000, 2, 2, 10, 10)));
    }
}
