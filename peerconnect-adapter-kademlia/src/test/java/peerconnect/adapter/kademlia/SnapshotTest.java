package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The saved-state format: round trip, and every torn or flipped file caught by magic, version or CRC. */
class SnapshotTest {
    private static final InetAddress SOURCE = InetAddresses.v4(10, 78, 0, 2);
    private final SplittableRandom random = new SplittableRandom(7);

    private Snapshot sample() {
        PeerId self = PeerId.random(random);
        return new Snapshot(self, 7,
                List.of(RoutingTableProperties.contact(PeerId.random(random), 1),
                        RoutingTableProperties.contact(PeerId.random(random), 2)),
                List.of(new Snapshot.StoredValue(PeerId.random(random), 123_456L, Optional.of(SOURCE),
                                new byte[] {1, 2, 3}),
                        new Snapshot.StoredValue(PeerId.random(random), 5L, Optional.empty(), new byte[] {4})),
                List.of(new Snapshot.PublishedValue(PeerId.random(random), 99L, new byte[] {9})));
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
        assertEquals(Optional.of(SOURCE), back.values().get(0).source());
        assertEquals(Optional.empty(), back.values().get(1).source());
        assertEquals(7, back.generation());
        assertEquals(99L, back.published().get(0).untilMillis());
        assertArrayEquals(bytes, back.encode());
        assertArrayEquals(new byte[] {'P', 'C', 'K', 'D', 2}, Arrays.copyOf(bytes, 5));
    }

    @Test
    void aVersionOneFileIsStillReadWithItsValuesAsOwnAndItsPublishedKeptUntilDeleted() {
        PeerId self = PeerId.random(random);
        PeerId key = PeerId.random(random);
        byte[] body = new BodyWriter(128).bytes(Snapshot.MAGIC).u8(1).id(self).u16(0)
                .u32(1).id(key).i64(42L).u16(2).bytes(new byte[] {5, 6})
                .u32(1).id(key).u16(1).bytes(new byte[] {7}).toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] file = new BodyWriter(body.length + 4).bytes(body).u32(crc.getValue()).toByteArray();
        Snapshot s = Snapshot.decode(file, 1024);
        assertEquals(0, s.generation());
        assertEquals(Optional.empty(), s.values().get(0).source());
        assertEquals(42L, s.values().get(0).expiresAtMillis());
        assertArrayEquals(new byte[] {5, 6}, s.values().get(0).value());
        assertEquals(Long.MAX_VALUE, s.published().get(0).untilMillis());
        assertArrayEquals(new byte[] {7}, s.published().get(0).value());
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

    /** Addresses without a lookup. */
    static final class InetAddresses {
        private InetAddresses() {
        }

        static InetAddress v4(int a, int b, int c, int d) {
            try {
                return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
            } catch (UnknownHostException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }
}
