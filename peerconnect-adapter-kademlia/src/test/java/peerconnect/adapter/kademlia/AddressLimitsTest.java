package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** Contacts per IP address and per subnet in one bucket, by table and on a routing table. */
class AddressLimitsTest {

    @ParameterizedTest
    @CsvSource({
        "8.8.8.8, true", "1.1.1.1, true", "2001:db8::1, true", "2a00:1450::1, true",
        "10.1.2.3, false", "172.16.0.1, false", "172.31.255.1, false", "192.168.1.1, false",
        "127.0.0.1, false", "169.254.0.1, false", "100.64.0.1, false", "100.127.0.1, false",
        "198.18.0.1, false", "198.19.255.1, false", "::1, false", "fe80::1, false", "fd00::1, false",
        "fc00::1, false", "172.32.0.1, true", "100.128.0.1, true", "198.20.0.1, true"})
    void globalAddressesAreTheRoutedOnes(String ip, boolean global) throws Exception {
        assertEquals(global, AddressLimits.isGlobal(InetAddress.getByName(ip)), ip);
    }

    @ParameterizedTest
    @CsvSource({
        "8.8.8.1, 8.8.8.200, true", "8.8.8.1, 8.8.9.1, false", "2001:db8:1:2::1, 2001:db8:1:2:ffff::9, true",
        "2001:db8:1:2::1, 2001:db8:1:3::1, false", "8.8.8.8, ::ffff:8.8.8.9, true", "8.8.8.8, 2001:db8::1, false"})
    void subnetsAreSlash24AndSlash64(String a, String b, boolean same) throws Exception {
        assertEquals(same, AddressLimits.sameSubnet(InetAddress.getByName(a), InetAddress.getByName(b)));
    }

    private static PeerContact contact(PeerId id, String ip, int port) throws Exception {
        return new PeerContact(id, new NodeAddress(InetAddress.getByName(ip), port));
    }

    /** Ids all in bucket 0 of an all-zero self: the first bit set. */
    private static PeerId farId(SplittableRandom random) {
        byte[] id = new byte[PeerId.BYTES];
        random.nextBytes(id);
        id[0] |= (byte) 0x80;
        return PeerId.of(id);
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfABucketWhateverItsPortsAndIds() throws Exception {
        RoutingTable table = new RoutingTable(PeerId.of(new byte[PeerId.BYTES]), 20, 8, new AddressLimits(3, 5, false));
        SplittableRandom random = new SplittableRandom(1);
        int added = 0;
        for (int port = 1; port <= 30; port++) {
            PeerId id = farId(random);
            if (table.offer(contact(id, "192.168.1.66", port), port) instanceof Offer.Added) {
                added++;
            }
        }
        assertEquals(3, added);
        PeerId other = farId(random);
        assertInstanceOf(Offer.Added.class, table.offer(contact(other, "192.168.1.67", 1), 99),
                "private range: no subnet cap by default");
        PeerId moving = table.bucket(0).entries().get(0).id;
        assertInstanceOf(Offer.Updated.class, table.offer(contact(moving, "192.168.1.66", 77), 100),
                "a contact of that address may change its port");
        PeerId mover = other;
        assertInstanceOf(Offer.OverQuota.class, table.offer(contact(mover, "192.168.1.66", 78), 101),
                "but another may not move onto the full address");
    }

    @Test
    void loopbackIsExemptFromTheAddressCap() throws Exception {
        RoutingTable table = new RoutingTable(PeerId.of(new byte[PeerId.BYTES]), 20, 8, new AddressLimits(3, 5, false));
        SplittableRandom random = new SplittableRandom(2);
        for (int port = 1; port <= 20; port++) {
            PeerId id = farId(random);
            assertInstanceOf(Offer.Added.class, table.offer(contact(id, "127.0.0.1", port), port));
        }
    }

    @Test
    void globalSubnetsAreCappedAndPrivateOnesOnlyWhenAskedTo() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        RoutingTable routed = new RoutingTable(PeerId.of(new byte[PeerId.BYTES]), 20, 8, new AddressLimits(3, 5, false));
        RoutingTable strict = new RoutingTable(PeerId.of(new byte[PeerId.BYTES]), 20, 8, new AddressLimits(3, 5, true));
        int global = 0;
        int lan = 0;
        for (int host = 1; host <= 12; host++) {
            PeerId id = farId(random);
            if (routed.offer(contact(id, "203.0.113." + host, 4000), host) instanceof Offer.Added) {
                global++;
            }
            PeerId l = flip(id);
            if (routed.offer(contact(l, "10.0.0." + host, 4000), host) instanceof Offer.Added) {
                lan++;
            }
            PeerId s = farId(random);
            strict.offer(contact(s, "10.0.0." + host, 4000), host);
        }
        assertEquals(5, global, "one /24 of routed addresses: 5 of a bucket");
        assertEquals(12, lan, "a LAN's /24 is not capped by default");
        assertEquals(5, strict.bucket(0).size(), "unless the setting says so");
        assertFalse(routed.bucket(0).admits(InetAddress.getByName("203.0.113.200")));
        assertTrue(routed.bucket(0).admits(InetAddress.getByName("203.0.114.1")));
    }

    private static PeerId flip(PeerId id) {
        byte[] f = id.toBytes();
        f[19] ^= 1;
        return PeerId.of(f);
    }
}
