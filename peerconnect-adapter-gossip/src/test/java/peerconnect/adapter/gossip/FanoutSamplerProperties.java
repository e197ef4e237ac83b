package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class FanoutSamplerProperties {
    private static final long SEED = 0xFA_0017L;

    @Test
    void picksMinOfCountAndEligibleDistinctNonExcludedElements() {
        // The candidates' exclusion flags are drawn as data (a share of them excluded, shrinking towards
        // none); the seed is the sampler's own randomness, which it takes as an input.
        Gen<List<Boolean>> exclusions = integers().between(0, 100).flatMap(percent ->
                lists().of(integers().between(0, 99).map(r -> r < percent)).ofSizeBetween(0, 300));
        qt().withFixedSeed(SEED).withExamples(2000)
                .forAll(exclusions, integers().between(0, 10), longs().all())
                .checkAssert((excluded, count, samplerSeed) -> {
                    List<Integer> candidates = IntStream.range(0, excluded.size()).boxed().toList();
                    long eligible = excluded.stream().filter(x -> !x).count();
                    List<Integer> chosen = FanoutSampler.sample(candidates, count, excluded::get,
                            new SplittableRandom(samplerSeed));
                    assertEquals(Math.min(count, eligible), chosen.size());
                    assertEquals(chosen.size(), new HashSet<>(chosen).size(), "distinct");
                    chosen.forEach(i -> assertFalse(excluded.get(i), "excluded element " + i + " chosen"));
                });
    }

    @Test
    void everyEligibleElementIsChosenAboutEquallyOften() {
        // 10 candidates, 3 excluded, 2 picks per draw, 70,000 draws: each eligible one is expected 20,000 times.
        SplittableRandom random = new SplittableRandom(SEED);
        List<Integer> candidates = IntStream.range(0, 10).boxed().toList();
        int[] counts = new int[10];
        for (int draw = 0; draw < 70_000; draw++) {
            for (int i : FanoutSampler.sample(candidates, 2, i -> i < 3, random)) {
                counts[i]++;
            }
        }
        for (int i = 0; i < 10; i++) {
            if (i < 3) {
                assertEquals(0, counts[i]);
            } else {
                assertTrue(Math.abs(counts[i] - 20_000) < 600, "element " + i + " chosen " + counts[i] + " times");
            }
        }
    }

    @Test
    void theSameSeedPicksTheSamePeers() {
        List<Integer> candidates = IntStream.range(0, 200).boxed().toList();
        assertEquals(FanoutSampler.sample(candidates, 3, i -> i % 2 == 0, new SplittableRandom(7)),
                FanoutSampler.sample(candidates, 3, i -> i % 2 == 0, new SplittableRandom(7)));
    }
}
