package peerconnect.adapter.kademlia;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collection;
import peerconnect.domain.PeerId;

/**
 * The caps on how many contacts of one bucket may share an IP address, or a /24 (IPv4) or /64 (IPv6)
 * subnet: one host or one attacker's allocation cannot take over a bucket however many ids and ports
 * it uses. Pure and immutable.
 *
 * <p>Loopback addresses are exempt from the per-address cap: the kernel drops packets from outside
 * that claim a loopback source, so only processes on this host use them. The subnet cap applies to
 * globally routed addresses only, unless {@code subnetCapOnPrivate}: on a LAN every honest peer shares
 * one subnet.
 */
final class AddressLimits {
    private final int perAddress;
    private final int perSubnet;
    private final boolean subnetCapOnPrivate;

    AddressLimits(int perAddress, int perSubnet, boolean subnetCapOnPrivate) {
        this.perAddress = perAddress;
        this.perSubnet = perSubnet;
        this.subnetCapOnPrivate = subnetCapOnPrivate;
    }

    static AddressLimits of(KademliaQuotas q) {
        return new AddressLimits(q.maxContactsPerAddressPerBucket(), q.maxContactsPerSubnetPerBucket(),
                q.subnetCapOnPrivateAddresses());
    }

    /**
     * Whether a contact at {@code ip} may join {@code others} (one bucket's entries, or its
     * replacements), not counting the entry whose id is {@code exceptId} (the contact itself, when its
     * address changes), or null.
     */
    boolean admits(Collection<KBucket.Entry> others, InetAddress ip, PeerId exceptId) {
        boolean capAddress = !ip.isLoopbackAddress();
        boolean capSubnet = subnetCapOnPrivate || isGlobal(ip);
        if (!capAddress && !capSubnet) {
            return true;
        }
        int sameAddress = 0;
        int sameSubnet = 0;
        for (KBucket.Entry e : others) {
            if (e.id.equals(exceptId)) {
                continue;
            }
            InetAddress other = e.contact.address().ip();
            if (capAddress && other.equals(ip) && ++sameAddress >= perAddress) {
                return false;
            }
            if (capSubnet && sameSubnet(other, ip) && ++sameSubnet >= perSubnet) {
                return false;
            }
        }
        return true;
    }

    /** Same /24 for IPv4, same /64 for IPv6; addresses of different families never share one. */
    static boolean sameSubnet(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return false;
        }
        int prefixBytes = x.length == 4 ? 3 : 8;
        return java.util.Arrays.equals(x, 0, prefixBytes, y, 0, prefixBytes);
    }

    /**
     * Whether {@code ip} is globally routed: not loopback, link-local, private (10/8, 172.16/12,
     * 192.168/16), shared (100.64/10), benchmarking (198.18/15, which the in-memory network uses),
     * unique-local (fc00::/7), unspecified or multicast.
     */
    static boolean isGlobal(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress() || ip.isAnyLocalAddress()
                || ip.isMulticastAddress()) {
            return false;
        }
        byte[] b = ip.getAddress();
        if (ip instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            boolean shared = b0 == 100 && (b1 & 0xc0) == 64;
            boolean benchmark = b0 == 198 && (b1 & 0xfe) == 18;
            return !shared && !benchmark;
        }
        boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
        return !uniqueLocal;
    }
}
