package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The XOR math by table. */
class DistanceTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] id(String hexPrefix) {
        byte[] b = new byte[PeerId.BYTES];
        byte[] p = HEX.parseHex(hexPrefix);
        System.arraycopy(p, 0, b, 0, p.length);
        return b;
    }

    @Test
    void bucketIndexIsTheCommonPrefixLength() {
        record Row(String self, String other, int bucket) { }
        for (Row r : List.of(
                new Row("00", "80", 0),
                new Row("00", "40", 1),
                new Row("00", "01", 7),
                new Row("ff", "fe", 7),
                new Row("0000", "0080", 8),
                new Row("0000000000000000000000000000000000000000", "0000000000000000000000000000000000000001", 159))) {
            assertEquals(r.bucket(), Distance.bucketIndex(id(r.self()), id(r.other())), r.toString());
        }
    }

    @Test
    void ownIdHasNoBucket() {
        assertThrows(IllegalArgumentException.class, () -> Distance.bucketIndex(id("12"), id("12")));
    }

    @Test
    void compareOrdersByXorDistance() {
        byte[] target = id("f0");
        assertEquals(-1, Distance.compare(id("f1"), id("e0"), target)); // 0x01.. < 0x10..
        assertEquals(1, Distance.compare(id("00"), id("7f"), target));  // 0xf0.. > 0x8f..
        assertEquals(0, Distance.compare(id("33"), id("33"), target));
    }

    @Test
    void peerListKeysAreEvenlySpread() {
        List<PeerId> keys = PeerListKeys.all();
        assertEquals(20, keys.size());
        assertEquals("0000000000000000000000000000000000000000", keys.get(0).toHex());
        // 2^160 / 20 = 0x0ccc…ccc (the original's second node_list_id, up to its rounding)
        assertEquals("0ccccccccccccccccccccccccccccccccccccccc", keys.get(1).toHex());
        assertEquals(keys.get(1), PeerListKeys.listFor(PeerId.fromHex("0d00000000000000000000000000000000000000")));
    }
}
