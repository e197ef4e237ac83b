package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Picks the peers a rumor goes to: up to {@code count} distinct elements of a list, uniformly among
 * those not excluded. Pure apart from the generator it is handed, so a seed fixes the choice.
 */
final class FanoutSampler {
    private FanoutSampler() {
    }

    /**
     * Up to {@code count} distinct elements of {@code candidates} for which {@code excluded} is false;
     * exactly {@code min(count, eligible)} of them. Cheap when most candidates are eligible (random
     * probes, the usual case with a routing table of a hundred peers and a fanout of 3); falls back to
     * one pass over the list when probes keep hitting excluded or chosen ones.
     */
    static <T> List<T> sample(List<T> candidates, int count, Predicate<? super T> excluded, RandomGenerator random) {
        int n = candidates.size();
        List<T> chosen = new ArrayList<>(Math.min(count, n));
        if (count <= 0 || n == 0) {
            return chosen;
        }
        int[] picked = new int[Math.min(count, n)];
        int probes = 4 * count + 8;
        while (chosen.size() < count && probes-- > 0) {
            int i = random.nextInt(n);
            if (!contains(picked, chosen.size(), i) && !excluded.test(candidates.get(i))) {
                picked[chosen.size()] = i;
                chosen.add(candidates.get(i));
            }
        }
        if (chosen.size() == count) {
            return chosen;
        }
        // Reservoir sampling over the rest keeps the choice uniform among what is left.
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!contains(picked, chosen.size(), i) && !excluded.test(candidates.get(i))) {
                rest.add(i);
            }
        }
        int need = Math.min(count - chosen.size(), rest.size());
        for (int k = 0; k < need; k++) {
            int j = k + random.nextInt(rest.size() - k);
            Integer tmp = rest.get(k);
            rest.set(k, rest.get(j));
            rest.set(j, tmp);
            chosen.add(candidates.get(rest.get(k)));
        }
        return chosen;
    }

    private static boolean contains(int[] a, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (a[i] == value) {
                return true;
            }
        }
        return false;
    }
}
