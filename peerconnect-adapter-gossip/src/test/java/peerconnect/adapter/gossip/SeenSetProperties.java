package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import peerconnect.testkit.core.Stateful;

/**
 * The seen-set against a model, under drawn arrivals (which rumor, after how long a pause), capacity
 * and expiry: a failure reports the shortest list of arrivals that breaks it.
 */
class SeenSetProperties {
    /** After {@code pauseMillis}, rumor {@code id} arrives. */
    private record Arrival(int pauseMillis, long id) {
        List<Arrival> simpler() {
            return pauseMillis == 0 ? List.of() : List.of(new Arrival(0, id));
        }
    }

    @Test
    void neverHoldsMoreThanItsCapacityAndForgetsOnlyByEvictionOrExpiry() {
        Gen<Arrival> arrivals = integers().between(0, 4).zip(longs().between(0, 39), Arrival::new);
        // Stateful.check reports the shortest failing list (QuickTheories' own shrinking only cuts the tail).
        qt().withFixedSeed(0x5EE7L).withExamples(300).withShrinkCycles(0)
                .forAll(integers().between(1, 20), integers().between(1, 50), lists().of(arrivals).ofSizeBetween(1, 200))
                .checkAssert((capacity, expiry, generated) ->
                        Stateful.check(generated, Arrival::simpler, steps -> checkAgainstModel(capacity, expiry, steps)));
    }

    /** Runs {@code steps} against the set and against a model that forgets by the same two rules. */
    private static void checkAgainstModel(int capacity, long expiry, List<Arrival> steps) {
        SeenSet<Long> seen = new SeenSet<>(capacity, expiry);
        Map<Long, Long> model = new HashMap<>(); // id -> added at, insertion-ordered via list below
        List<Long> order = new ArrayList<>();
        long now = 0;
        for (Arrival arrival : steps) {
            now += arrival.pauseMillis();
            long id = arrival.id();
            long t = now;
            order.removeIf(i -> t - model.get(i) >= expiry && model.remove(i) != null);
            boolean fresh = !model.containsKey(id);
            assertEquals(fresh, seen.add(id, id, now), "add of " + id + " at " + now);
            if (fresh) {
                model.put(id, now);
                order.add(id);
                if (order.size() > capacity) {
                    model.remove(order.remove(0));
                }
            }
            assertTrue(seen.size() <= capacity);
            assertEquals(model.size(), seen.size());
            for (long known : model.keySet()) {
                assertEquals(known, seen.get(known, now));
            }
        }
    }
}
