package peerconnect.testkit.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The stateful runner's search for the shortest failing list (it is part of the kit, not a test). */
class StatefulTest {
    /** Fails once the running sum reaches 10: the shortest failing list is one step of 10 or more. */
    private static final Consumer<List<Integer>> SUM_BELOW_TEN = steps -> {
        int sum = 0;
        for (int step : steps) {
            sum += step;
            assertTrue(sum < 10, "sum " + sum);
        }
    };

    @Test
    void aPassingListRunsOnceAndThrowsNothing() {
        List<List<Integer>> runs = new ArrayList<>();
        assertDoesNotThrow(() -> Stateful.check(List.of(1, 2, 3), runs::add));
        assertEquals(List.of(List.of(1, 2, 3)), runs);
    }

    @Test
    void aFailureIsReportedWithTheShortestListFoundOneStepPerLineAndTheLastError() {
        List<Integer> steps = List.of(1, 2, 3, 4, 5, 6, 7);
        AssertionError e = assertThrows(AssertionError.class, () -> Stateful.check(steps, SUM_BELOW_TEN));
        // No single step reaches 10, any two of the last four do.
        String report = e.getMessage();
        assertTrue(report.startsWith("fails after these 2 of 7 generated steps:"), report);
        assertTrue(report.contains("\n  0: ") && report.contains("\n  1: ") && !report.contains("\n  2: "), report);
        assertTrue(report.contains("sum "), "the failing run's own message: " + report);
    }

    @Test
    void simplerVariantsShortenFurtherThanDeletionAlone() {
        List<Integer> steps = List.of(4, 4, 4);
        AssertionError plain = assertThrows(AssertionError.class, () -> Stateful.check(steps, SUM_BELOW_TEN));
        assertTrue(plain.getMessage().startsWith("fails after these 3 of 3"), plain.getMessage());

        // Offering "ten" as a simpler form of any step lets one step carry the failure.
        AssertionError simplified = assertThrows(AssertionError.class,
                () -> Stateful.check(steps, step -> step == 10 ? List.of() : List.of(10), SUM_BELOW_TEN));
        assertTrue(simplified.getMessage().startsWith("fails after these 1 of 3 generated steps:\n  0: 10"),
                simplified.getMessage());
    }

    @Test
    void theSearchStopsAfterItsRerunBudget() {
        int[] runs = {0};
        List<Integer> steps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            steps.add(1);
        }
        // Fails on every list of 300 steps, none can go, and every step has yet another simpler form that
        // fails as well: only the budget ends the search.
        assertThrows(AssertionError.class, () -> Stateful.check(steps, step -> List.of(step + 1), list -> {
            runs[0]++;
            assertTrue(list.size() < 300, "300 steps");
        }));
        assertTrue(runs[0] <= Stateful.MAX_RERUNS + 2, runs[0] + " runs");
    }
}
