package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** Republishing spread over the interval: due one interval after the last store, a budget per tick, loaded keys spread. */
class RepublishScheduleTest {
    private static final long INTERVAL = 20 * 60_000;
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void aStoredKeyIsDueOneIntervalLaterAndThenAgain() {
        RepublishSchedule s = new RepublishSchedule(INTERVAL);
        PeerId k = PeerId.random(random);
        s.stored(k, 1000);
        assertEquals(List.of(), s.takeDue(1000 + INTERVAL - 1, 10));
        assertEquals(List.of(k), s.takeDue(1000 + INTERVAL, 10));
        assertEquals(List.of(), s.takeDue(1000 + INTERVAL + 1, 10), "due again only one interval later");
        assertEquals(List.of(k), s.takeDue(1000 + 2 * INTERVAL, 10));
        s.forget(k);
        assertEquals(List.of(), s.takeDue(Long.MAX_VALUE / 2, 10));
    }

    @Test
    void aTickTakesItsBudgetMostOverdueFirstAndTheRestWait() {
        RepublishSchedule s = new RepublishSchedule(INTERVAL);
        List<PeerId> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            PeerId k = PeerId.random(random);
            keys.add(k);
            s.stored(k, i);
        }
        assertEquals(keys.subList(0, 10), s.takeDue(INTERVAL + 100, 10));
        assertEquals(keys.subList(10, 20), s.takeDue(INTERVAL + 100, 10));
        assertEquals(keys.subList(20, 25), s.takeDue(INTERVAL + 100, 10));
    }

    @Test
    void keysLoadedAtStartAreSpreadOverTheFirstInterval() {
        RepublishSchedule s = new RepublishSchedule(INTERVAL);
        for (int i = 0; i < 600; i++) {
            s.loaded(PeerId.random(random), 0, random);
        }
        int minute = 60_000;
        int most = 0;
        Set<PeerId> seen = new HashSet<>();
        for (long t = minute; t <= INTERVAL; t += minute) {
            List<PeerId> due = s.takeDue(t, Integer.MAX_VALUE);
            most = Math.max(most, due.size());
            seen.addAll(due);
        }
        assertEquals(600, seen.size(), "all due within the first interval");
        assertTrue(most <= 60, "at most " + most + " in one minute of 20 (30 on average)");
    }
}
