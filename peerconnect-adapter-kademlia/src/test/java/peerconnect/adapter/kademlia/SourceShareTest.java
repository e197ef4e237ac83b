package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A source's share of the store, by table. */
class SourceShareTest {

    @ParameterizedTest(name = "capacity {0}, floor {1}, {2} sources: {3}")
    @CsvSource({
            "4096, 256, 1, 2048",  // alone: half, never the whole store
            "4096, 256, 2, 2048",
            "4096, 256, 4, 1024",  // the small LAN of the soak: 5 nodes, 4 others each
            "4096, 256, 15, 273",
            "4096, 256, 19, 256",  // 20 nodes: the floor takes over
            "4096, 256, 20, 256",
            "4096, 256, 1000, 256",
            "4, 2, 1, 2",
            "1, 1, 1, 1",
    })
    void limits(int capacity, int floor, int sources, int expected) {
        assertEquals(expected, SourceShare.limit(capacity, floor, sources));
    }
}
