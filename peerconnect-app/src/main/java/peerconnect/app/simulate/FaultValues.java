package peerconnect.app.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.domain.PeerId;

/**
 * The values one half of a {@link FaultSimulation} stores during the cut, and the gets of them from
 * nodes of the other half after the heal. Single-threaded, on the simulation's scheduler.
 */
final class FaultValues {
    /** Gets of each value, from as many random nodes. */
    static final int GETS_PER_VALUE = 20;

    private final List<PeerId> keys = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private int asked;
    private int found;

    /** {@code node} stores a new random 32-byte value under a random key. */
    void put(KademliaNode node, SplittableRandom random) {
        PeerId key = PeerId.random(random);
        byte[] value = new byte[32];
        random.nextBytes(value);
        keys.add(key);
        values.add(value);
        node.put(key, value);
    }

    /** Gets every value from {@value #GETS_PER_VALUE} random nodes of {@code nodes[from..to)}, all at once. */
    void getFrom(KademliaNode[] nodes, int from, int to, SplittableRandom random) {
        for (int v = 0; v < keys.size(); v++) {
            byte[] expected = values.get(v);
            for (int g = 0; g < GETS_PER_VALUE; g++) {
                int node = from + random.nextInt(to - from);
                asked++;
                nodes[node].get(keys.get(v)).thenAccept((Optional<byte[]> got) -> {
                    if (got.isPresent() && Arrays.equals(got.get(), expected)) {
                        found++;
                    }
                });
            }
        }
    }

    /** Gets sent so far. */
    int asked() {
        return asked;
    }

    /** Gets answered so far with the value that was stored. */
    int found() {
        return found;
    }
}
