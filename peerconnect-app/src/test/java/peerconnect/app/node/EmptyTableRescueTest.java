package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import peerconnect.ports.memory.VirtualTimeScheduler;

/** The empty-table rescue on virtual time: fast first tries, doubling to 30 s, calm once joined, fast again when alone. */
class EmptyTableRescueTest {
    private static final EmptyTableRescue.Schedule S = EmptyTableRescue.Schedule.defaults();

    @Test
    void theWaitDoublesFromAQuarterSecondToThirtySeconds() {
        long[] expected = {250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int n = 0; n < expected.length; n++) {
            assertEquals(new EmptyTableRescue.Step.Rescue(Duration.ofMillis(expected[n])),
                    EmptyTableRescue.decide(true, n, S), "after " + n + " rescues");
        }
        assertEquals(new EmptyTableRescue.Step.Calm(Duration.ofSeconds(1)), EmptyTableRescue.decide(false, 7, S));
    }

    @Test
    void aLoneNodeAsksAtOnceAndNeverIdlesThenCalmsDownThenStartsOverWhenAloneAgain() {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        AtomicBoolean alone = new AtomicBoolean(true);
        List<Long> at = new ArrayList<>();
        long start = scheduler.clock().millis();
        EmptyTableRescue rescue = new EmptyTableRescue(alone::get, () -> at.add(scheduler.clock().millis() - start),
                scheduler, S);
        rescue.start();
        scheduler.runFor(Duration.ofSeconds(20));
        assertEquals(List.of(250L, 250L, 500L, 1000L, 2000L, 4000L, 8000L), gaps(at), "rescue times " + at);
        assertEquals(250L, at.get(0));

        alone.set(false);
        at.clear();
        scheduler.runFor(Duration.ofSeconds(60));
        assertEquals(List.of(), at, "joined: no rescue");

        alone.set(true); // lost every contact
        long lost = scheduler.clock().millis() - start;
        scheduler.runFor(Duration.ofSeconds(3));
        assertTrue(at.get(0) - lost <= 1000, "noticed within the one-second calm check: " + at + " lost at " + lost);
        assertEquals(250L, at.get(1) - at.get(0), "and fast again");
        rescue.stop();
        int before = at.size();
        scheduler.runFor(Duration.ofMinutes(5));
        assertEquals(before, at.size(), "stopped");
        assertEquals(7 + at.size(), rescue.rescues(), "counted");
    }

    @Test
    void badDelaysAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new EmptyTableRescue.Schedule(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new EmptyTableRescue.Schedule(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    /** The first time and the gaps between consecutive ones. */
    private static List<Long> gaps(List<Long> times) {
        List<Long> out = new ArrayList<>();
        long prev = 0;
        for (long t : times) {
            out.add(t - prev);
            prev = t;
        }
        return out;
    }
}
