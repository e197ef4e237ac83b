package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link ReplayWindow} against a model with unbounded memory: a counter is accepted
 * exactly when it was never accepted and lies within {@link ReplayWindow#WINDOW} of the highest one.
 */
class ReplayWindowProperties {
    private static final long SEED = 0x2E_9_1A_7L;

    /** The reference: every accepted counter kept forever. */
    private static final class Model {
        private final Set<Long> accepted = new HashSet<>();
        private Long highest;

        boolean accept(long counter) {
            if (accepted.contains(counter) || (highest != null && counter - highest <= -ReplayWindow.WINDOW)) {
                return false;
            }
            if (highest == null || counter - highest > 0) {
                highest = counter;
            }
            accepted.add(counter);
            return true;
        }
    }

    @Test
    void acceptsExactlyWhatTheUnboundedModelAccepts() {
        qt().withFixedSeed(SEED).withExamples(500)
                .forAll(longs().all(), lists().of(integers().between(0, 3 * ReplayWindow.WINDOW)).ofSizeBetween(1, 400))
                .checkAssert((start, offsets) -> {
                    ReplayWindow window = ReplayWindow.create();
                    Model model = new Model();
                    for (int offset : offsets) {
                        long counter = start + offset; // wraps modulo 2^64 on purpose
                        assertEquals(model.accept(counter), window.accept(42, counter), "counter offset " + offset);
                    }
                });
    }

    @Test
    void anyOrderWithinTheWindowIsAcceptedOnceThenEveryRepeatIsRefused() {
        // The order is drawn as one sort key per counter: keys all equal (the shrink target) keep counting order.
        qt().withFixedSeed(SEED + 1).withExamples(200)
                .forAll(longs().all(), lists().of(integers().between(0, 1_000)).ofSizeBetween(1, ReplayWindow.WINDOW))
                .checkAssert((start, keys) -> {
                    List<Long> counters = new ArrayList<>();
                    for (int i = 0; i < keys.size(); i++) {
                        counters.add(start + i);
                    }
                    counters.sort(Comparator.comparing(c -> keys.get((int) (c - start))));
                    ReplayWindow window = ReplayWindow.create();
                    counters.forEach(c -> assertTrue(window.accept(1, c), "first sight of " + c));
                    counters.forEach(c -> assertFalse(window.accept(1, c), "replay of " + c));
                });
    }

    @Test
    void twoSendersDoNotInterfere() {
        qt().withFixedSeed(SEED + 2).withExamples(300)
                .forAll(longs().all(), longs().all(),
                        lists().of(integers().between(0, 2 * ReplayWindow.WINDOW)).ofSizeBetween(1, 200),
                        lists().of(integers().between(0, 2 * ReplayWindow.WINDOW)).ofSizeBetween(1, 200))
                .checkAssert((startA, startB, offsetsA, offsetsB) -> {
                    ReplayWindow alone = ReplayWindow.create();
                    List<Boolean> expectedA = new ArrayList<>();
                    offsetsA.forEach(o -> expectedA.add(alone.accept(1, startA + o)));
                    ReplayWindow aloneB = ReplayWindow.create();
                    List<Boolean> expectedB = new ArrayList<>();
                    offsetsB.forEach(o -> expectedB.add(aloneB.accept(2, startB + o)));

                    ReplayWindow shared = ReplayWindow.create();
                    List<Boolean> gotA = new ArrayList<>();
                    List<Boolean> gotB = new ArrayList<>();
                    for (int i = 0; i < Math.max(offsetsA.size(), offsetsB.size()); i++) {
                        if (i < offsetsA.size()) {
                            gotA.add(shared.accept(1, startA + offsetsA.get(i)));
                        }
                        if (i < offsetsB.size()) {
                            gotB.add(shared.accept(2, startB + offsetsB.get(i)));
                        }
                    }
                    assertEquals(expectedA, gotA);
                    assertEquals(expectedB, gotB);
                });
    }

    @Test
    void theSenderTableNeverExceedsItsBound() {
        qt().withFixedSeed(SEED + 3).withExamples(300)
                .forAll(integers().between(1, 64), lists().of(integers().between(0, 500)).ofSizeBetween(1, 500))
                .checkAssert((bound, prefixes) -> {
                    ReplayWindow window = ReplayWindow.withMaxSenders(bound);
                    Set<Integer> distinct = new HashSet<>();
                    long counter = 0;
                    for (int prefix : prefixes) {
                        window.accept(prefix, counter++);
                        distinct.add(prefix);
                        assertTrue(window.senders() <= bound, window.senders() + " senders, bound " + bound);
                        assertEquals(Math.min(bound, distinct.size()), window.senders());
                    }
                });
    }
}
