package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerId;

/** The table's bucket math and the peer-list keys, by table. */
class BucketIndexTest {
    private static final HexFormat HEX = HexFormat.of();

    private static PeerId id(String hexPrefix) {
        byte[] b = new byte[PeerId.BYTES];
        byte[] p = HEX.parseHex(hexPrefix);
        System.arraycopy(p, 0, b, 0, p.length);
        return PeerId.of(b);
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
            assertEquals(r.bucket(), RoutingTable.bucketIndex(id(r.self()), id(r.other())), r.toString());
        }
    }

    @Test
    void ownIdHasNoBucket() {
        assertThrows(IllegalArgumentException.class, () -> RoutingTable.bucketIndex(id("12"), id("12")));
    }

    @Test
    void theTableOrdersByXorDistance() {
        PeerId target = id("f0");
        RoutingTable table = fourContacts();
        // Distances to f0…: f1 → 01…, e0 → 10…, 7f → 8f…, 33 → c3…
        assertEquals(List.of(id("f1"), id("e0"), id("7f"), id("33")),
                table.closestSorted(target, 4).stream().map(e -> e.id).toList());
    }

    @Test
    void aBadContactIsHandedOutOnlyWhenTooFewOthersAreKnown() {
        PeerId target = id("f0");
        RoutingTable table = fourContacts();
        table.entry(id("f1")).liveness = new Liveness.Bad(1, 3);
        table.entry(id("e0")).liveness = new Liveness.Questionable(1, 1);
        // f1 is the closest to f0, but bad: the three others come first, questionable e0 by its distance.
        assertEquals(List.of(id("e0"), id("7f"), id("33")),
                table.closestSorted(target, 3).stream().map(e -> e.id).toList());
        assertEquals(List.of(id("f1"), id("e0"), id("7f"), id("33")),
                table.closestSorted(target, 4).stream().map(e -> e.id).toList(), "with room for all, bad f1 fills in");
    }

    /** A table of 00… holding e0…, f1…, 7f… and 33…. */
    private static RoutingTable fourContacts() {
        RoutingTable table = new RoutingTable(id("00"), 20, 0, AddressLimits.of(KademliaQuotas.defaults()));
        for (String prefix : List.of("e0", "f1", "7f", "33")) {
            table.offer(RoutingTableProperties.contact(id(prefix), prefix.hashCode()), 1);
        }
        return table;
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
