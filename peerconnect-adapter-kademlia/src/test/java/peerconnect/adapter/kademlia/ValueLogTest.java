package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The journal's format: a round trip, and a torn or flipped tail that ends the log instead of failing it. */
class ValueLogTest {
    private final SplittableRandom random = new SplittableRandom(9);

    private List<ValueLog.Entry> entries() {
        PeerId k = PeerId.random(random);
        return List.of(
                new ValueLog.Held(k, 1000, Optional.of(SnapshotTest.InetAddresses.v4(10, 0, 0, 7)), new byte[] {1, 2}),
                new ValueLog.Held(PeerId.random(random), 2000, Optional.empty(), new byte[0]),
                new ValueLog.Published(k, Long.MAX_VALUE, new byte[] {3}),
                new ValueLog.Dropped(k),
                new ValueLog.Unpublished(k));
    }

    private byte[] log(long generation, List<ValueLog.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ValueLog.frame(new ValueLog.Header(generation)));
        entries.forEach(e -> out.writeBytes(ValueLog.frame(e)));
        return out.toByteArray();
    }

    private static void assertSameEntries(List<ValueLog.Entry> expected, List<ValueLog.Entry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            // Records holding arrays compare by identity: compare their frames.
            assertArrayEquals(ValueLog.frame(expected.get(i)), ValueLog.frame(actual.get(i)), "entry " + i);
        }
    }

    @Test
    void roundTrips() {
        List<ValueLog.Entry> entries = entries();
        ValueLog.Replay r = ValueLog.replay(log(5, entries), 1024);
        assertEquals(Optional.of(5L), r.generation());
        assertEquals(0, r.tornBytes());
        assertSameEntries(entries, r.entries());
    }

    @Test
    void everyCutKeepsTheWholeFramesBeforeIt() {
        List<ValueLog.Entry> entries = entries();
        byte[] bytes = log(1, entries);
        int[] ends = new int[entries.size() + 1];
        ends[0] = ValueLog.frame(new ValueLog.Header(1)).length;
        for (int i = 0; i < entries.size(); i++) {
            ends[i + 1] = ends[i] + ValueLog.frame(entries.get(i)).length;
        }
        for (int n = 0; n <= bytes.length; n++) {
            ValueLog.Replay r = ValueLog.replay(Arrays.copyOf(bytes, n), 1024);
            int whole = 0;
            while (whole < entries.size() && ends[whole + 1] <= n) {
                whole++;
            }
            if (n < ends[0]) {
                assertEquals(Optional.empty(), r.generation(), "cut at " + n);
                continue;
            }
            assertSameEntries(entries.subList(0, whole), r.entries());
            assertEquals(n - ends[whole], r.tornBytes(), "cut at " + n);
        }
    }

    @Test
    void aFlippedBitEndsTheLogAtThatFrameAndNeverThrows() {
        byte[] bytes = log(1, entries());
        int header = ValueLog.frame(new ValueLog.Header(1)).length;
        for (int i = header; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[i] ^= (byte) (1 << bit);
                ValueLog.Replay r = ValueLog.replay(flipped, 1024);
                assertTrue(r.tornBytes() > 0, "byte " + i + " bit " + bit);
                assertTrue(r.entries().size() < entries().size());
            }
        }
    }
}
