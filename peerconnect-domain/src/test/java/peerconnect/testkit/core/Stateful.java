package peerconnect.testkit.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a stateful property's list of typed operations and, when it fails, reports the shortest list
 * that still fails, one operation per line.
 *
 * <p>QuickTheories shrinks a generated list by cutting its tail and by shrinking each element, so the
 * one step in the middle that matters keeps every step before it; deleting steps one at a time
 * (greedy, as delta debugging does) finds the few that matter; steps the property can name simpler
 * variants of (an earlier request, a shorter wait) are simplified too. The search is bounded by
 * {@link #MAX_RERUNS} runs, so a slow property still fails in bounded time, then with a list that may
 * not be minimal.
 */
public final class Stateful {
    /** Most extra runs the search for a shorter failing list makes. */
    public static final int MAX_RERUNS = 20_000;

    private Stateful() {
    }

    /**
     * Runs {@code run} on {@code ops}; it checks the invariants and throws {@link AssertionError} when
     * one breaks. On failure, rethrows with the shortest failing list found and that run's error.
     * {@code run} must build its state afresh on every call: the search calls it again and again.
     */
    public static <T> void check(List<T> ops, Consumer<List<T>> run) {
        check(ops, op -> List.of(), run);
    }

    /**
     * As {@link #check(List, Consumer)}, and once no step can be deleted, tries each step's
     * {@code simpler} variants (a reply to an earlier request, a shorter wait) in its place, keeping
     * one that still fails, and deletes again.
     */
    public static <T> void check(List<T> ops, Function<T, List<T>> simpler, Consumer<List<T>> run) {
        Optional<AssertionError> failure = failure(ops, run);
        if (failure.isEmpty()) {
            return;
        }
        List<T> shortest = shorten(ops, simpler, run);
        AssertionError last = failure(shortest, run).orElse(failure.get());
        StringBuilder report = new StringBuilder("fails after these ").append(shortest.size()).append(" of ")
                .append(ops.size()).append(" generated steps:");
        for (int i = 0; i < shortest.size(); i++) {
            report.append("\n  ").append(i).append(": ").append(shortest.get(i));
        }
        report.append("\n").append(last.getMessage());
        throw new AssertionError(report.toString(), last);
    }

    private static <T> List<T> shorten(List<T> ops, Function<T, List<T>> simpler, Consumer<List<T>> run) {
        int[] reruns = {0};
        List<T> current = delete(ops, run, reruns);
        boolean simplified = true;
        while (simplified && reruns[0] < MAX_RERUNS) {
            simplified = false;
            for (int i = 0; i < current.size() && reruns[0] < MAX_RERUNS; i++) {
                for (T variant : simpler.apply(current.get(i))) {
                    List<T> candidate = new ArrayList<>(current);
                    candidate.set(i, variant);
                    reruns[0]++;
                    if (failure(candidate, run).isPresent()) {
                        current = delete(candidate, run, reruns);
                        simplified = true;
                        break;
                    }
                }
            }
        }
        return current;
    }

    private static <T> List<T> delete(List<T> ops, Consumer<List<T>> run, int[] reruns) {
        List<T> current = new ArrayList<>(ops);
        // First chunks of halving size, then single steps, until no deletion keeps the failure.
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk /= 2) {
            boolean shorter = true;
            while (shorter && reruns[0] < MAX_RERUNS) {
                shorter = false;
                for (int from = 0; from + chunk <= current.size() && reruns[0] < MAX_RERUNS; ) {
                    List<T> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(from + chunk, current.size()));
                    reruns[0]++;
                    if (failure(candidate, run).isPresent()) {
                        current = candidate;
                        shorter = true;
                    } else {
                        from++;
                    }
                }
            }
        }
        return current;
    }

    private static <T> Optional<AssertionError> failure(List<T> ops, Consumer<List<T>> run) {
        try {
            run.accept(List.copyOf(ops));
            return Optional.empty();
        } catch (AssertionError e) {
            return Optional.of(e);
        }
    }
}
