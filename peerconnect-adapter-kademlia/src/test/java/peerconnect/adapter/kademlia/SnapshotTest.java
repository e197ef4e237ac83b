package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The saved-state format: round trip, and every torn or flipped file caught by magic, version or CRC. */
class SnapshotTest {
    private final SplittableRandom random = new SplittableRandom(7);

    private Snapshot sample() {
        PeerId self = PeerId.random(random);
        return new Snapshot(self,
                List.of(RoutingTableProperties.contact(PeerId.random(random), 1),
                        RoutingTableProperties.contact(PeerId.random(random), 2)),
                List.of(new Snapshot.StoredValue(PeerId.random(random), 123_456L, new byte[] {1, 2, 3})),
                List.of(new Snapshot.PublishedValue(PeerId.random(random), new byte[] {9})));
    }

    @Test
    void roundTrips() {
        Snapshot s = sample();
        byte[] bytes = s.encode();
        Snapshot back = Snapshot.decode(bytes, 1024);
        assertEquals(s.self(), back.self());
        assertEquals(s.contacts(), back.contacts());
        assertArrayEquals(s.values().get(0).value(), back.values().get(0).value());
        assertEquals(123_456L, back.values().get(0).expiresAtMillis());
        assertArrayEquals(bytes, back.encode());
        assertArrayEquals(new byte[] {'P', 'C', 'K', 'D', 1}, Arrays.copyOf(bytes, 5));
    }

    @Test
    void everyTruncationIsRejected() {
        byte[] bytes = sample().encode();
        for (int n = 0; n < bytes.length; n++) {
            byte[] torn = Arrays.copyOf(bytes, n);
            assertThrows(MalformedBodyException.class, () -> Snapshot.decode(torn, 1024), "cut at " + n);
        }
    }

    @Test
    void everySingleBitFlipIsCaughtAsCorruption() {
        byte[] bytes = sample().encode();
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= (byte) (1 << bit);
                MalformedBodyException e = assertThrows(MalformedBodyException.class,
                        () -> Snapshot.decode(flipped, 1024), "byte " + i + " bit " + bit);
                assertEquals(RejectReason.CORRUPT_STATE, e.reason());
            }
        }
    }
}
