package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeenSetTest {

    @Test
    void anIdIsRememberedOnceUntilItExpires() {
        SeenSet<String> seen = new SeenSet<>(10, 100);
        assertTrue(seen.add(1, "a", 0));
        assertFalse(seen.add(1, "b", 50), "already seen");
        assertEquals("a", seen.get(1, 99));
        assertNull(seen.get(1, 100), "expired after 100 ms");
        assertEquals(1, seen.expired());
        assertTrue(seen.add(1, "c", 100), "a forgotten id may come back");
    }

    @Test
    void beyondCapacityTheOldestIsEvictedAndCounted() {
        SeenSet<Integer> seen = new SeenSet<>(3, 1_000);
        for (int i = 0; i < 5; i++) {
            seen.add(i, i, i);
        }
        assertEquals(3, seen.size());
        assertEquals(2, seen.evicted());
        assertNull(seen.get(0, 5));
        assertNull(seen.get(1, 5));
        assertEquals(2, seen.get(2, 5));
    }

    @Test
    void recentEntriesAreVisitedNewestFirstWithinTheWindow() {
        SeenSet<Integer> seen = new SeenSet<>(10, 1_000);
        for (int i = 0; i < 6; i++) {
            seen.add(i, i, i * 10L);
        }
        List<Long> visited = new ArrayList<>();
        seen.forEachRecent(50, 25, (id, v) -> visited.add(id) || true);
        assertEquals(List.of(5L, 4L, 3L), visited, "added at 50, 40, 30: within 25 ms of 50 (inclusive)");
        visited.clear();
        seen.forEachRecent(50, 1_000, (id, v) -> visited.add(id) && visited.size() < 2);
        assertEquals(List.of(5L, 4L), visited, "the visitor stops the walk");
    }

    @Test
    void oneSourceHoldsAtMostItsShareAndGetsItBackAsItsIdsExpire() {
        SeenSet<Integer> seen = new SeenSet<>(100, 1_000, 0, 3);
        for (int i = 0; i < 3; i++) {
            assertEquals(SeenSet.Added.ADDED, seen.add(i, i, i, "flooder"));
        }
        assertEquals(SeenSet.Added.REFUSED_SOURCE_SHARE, seen.add(9, 9, 5, "flooder"));
        assertNull(seen.get(9, 5), "a refused id is not remembered");
        assertEquals(SeenSet.Added.ADDED, seen.add(10, 10, 5, "honest"));
        assertEquals(SeenSet.Added.ADDED, seen.add(11, 11, 6, null), "own ids are charged to no one");
        assertEquals(SeenSet.Added.ALREADY_SEEN, seen.add(10, 10, 7, "flooder"));
        assertEquals(3, seen.heldBy("flooder"));
        assertEquals(SeenSet.Added.ADDED, seen.add(12, 12, 1_002, "flooder"), "its ids expired");
        assertEquals(1, seen.heldBy("flooder"));
        seen.get(0, 5_000);
        assertEquals(0, seen.sources(), "no source kept once its ids are gone");
    }

    @Test
    void aFullSetRefusesRatherThanForgetAnIdStillInItsProtection() {
        SeenSet<Integer> seen = new SeenSet<>(3, 10_000, 100, 3);
        seen.add(1, 1, 0, "a");
        seen.add(2, 2, 10, "b");
        seen.add(3, 3, 20, "c");
        assertEquals(SeenSet.Added.REFUSED_FULL, seen.add(4, 4, 99, "d"));
        assertEquals(0, seen.evicted());
        assertEquals(SeenSet.Added.ADDED, seen.add(4, 4, 100, "d"), "the oldest is 100 ms old: it may go");
        assertEquals(1, seen.evicted());
        assertNull(seen.get(1, 100));
        assertEquals(0, seen.heldBy("a"));
        assertEquals(SeenSet.Added.ADDED, seen.add(5, 5, 101, null), "own ids always get in");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SeenSet<>(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SeenSet<>(1, 0));
    }
}
