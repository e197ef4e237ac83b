package peerconnect.app.fuzz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.NetworkKey;

/**
 * {@code bench fuzz}: one seeded stream of mutated datagrams (from a {@link FuzzCorpus} recorded with
 * the same seed) fed to each target in turn, each target getting the same datagrams.
 */
final class FuzzRun {
    /** What a run feeds. Append only. */
    enum Target { DECODERS, MEMORY_NODE, UDP_NODE }

    private FuzzRun() {
    }

    static FuzzFigures run(long seed, long datagrams, Set<Target> targets) throws IOException, InterruptedException {
        long start = System.nanoTime();
        FuzzCorpus corpus = FuzzCorpus.record(seed);
        Map<DatagramMutator.Kind, Long> kinds = new EnumMap<>(DatagramMutator.Kind.class);
        DecoderFuzz.Figures decoders = null;
        if (targets.contains(Target.DECODERS)) {
            byte[] keyBytes = new byte[NetworkKey.BYTES];
            new SplittableRandom(seed ^ 0x5EA1L).nextBytes(keyBytes);
            DecoderFuzz fuzz = new DecoderFuzz(DatagramSeal.create(NetworkKey.of(keyBytes), new java.security.SecureRandom()),
                    new SplittableRandom(seed + 1));
            DatagramMutator mutator = new DatagramMutator(corpus.datagrams(), new SplittableRandom(seed));
            for (long i = 0; i < datagrams; i++) {
                DatagramMutator.Mutant m = mutator.next();
                kinds.merge(m.kind(), 1L, Long::sum);
                fuzz.feed(m.datagram());
            }
            decoders = fuzz.figures();
        }
        List<NodeFuzz.Figures> nodes = new ArrayList<>();
        if (targets.contains(Target.MEMORY_NODE)) {
            DatagramMutator mutator = new DatagramMutator(corpus.datagrams(), new SplittableRandom(seed));
            nodes.add(NodeFuzz.inMemory(corpus, () -> mutator.next().datagram(), datagrams, seed));
        }
        if (targets.contains(Target.UDP_NODE)) {
            DatagramMutator mutator = new DatagramMutator(corpus.datagrams(), new SplittableRandom(seed));
            nodes.add(NodeFuzz.udp(corpus, () -> mutator.next().datagram(), datagrams));
        }
        return new FuzzFigures(seed, datagrams, corpus.types(), corpus.datagrams().size(), kinds, decoders, nodes,
                (System.nanoTime() - start) / 1e9);
    }

    static Set<Target> all() {
        return EnumSet.allOf(Target.class);
    }
}
