package peerconnect.adapter.kademlia;

import static peerconnect.domain.SettingChecks.requireRange;

/**
 * The limits a Kademlia node sets on what other peers can make it hold, so that no one source can
 * fill its routing table or its value store. See "Quotas" in {@code docs/PROTOCOL.md}.
 *
 * @param maxValuesPerSource             the least share of the store one source IP address may fill,
 *                                       however many sources there are; the share itself is the
 *                                       capacity divided among the sources ({@link SourceShare}), and a
 *                                       STORE beyond it is refused with status {@code 04}
 * @param maxContactsPerAddressPerBucket contacts sharing one IP address in one bucket; loopback
 *                                       addresses are exempt (see {@link #defaults()})
 * @param maxContactsPerSubnetPerBucket  contacts sharing one /24 (IPv4) or /64 (IPv6) in one bucket,
 *                                       applied to globally routed addresses, and to private ones
 *                                       only if {@code subnetCapOnPrivateAddresses}
 * @param subnetCapOnPrivateAddresses    whether the subnet cap also applies to private, loopback,
 *                                       link-local and unique-local addresses
 * @param maxPendingAdmissions           pings in flight at once to unverified senders before they may
 *                                       enter the routing table
 * @param maxListEntriesPerSource        peer-list entries one source IP address may have stored in one
 *                                       list (loopback exempt); beyond it STORE_PEERS_IN_LIST is refused
 *                                       with status {@code 04}
 */
public record KademliaQuotas(int maxValuesPerSource, int maxContactsPerAddressPerBucket,
                             int maxContactsPerSubnetPerBucket, boolean subnetCapOnPrivateAddresses,
                             int maxPendingAdmissions, int maxListEntriesPerSource) {

    public KademliaQuotas {
        requireRange("maxValuesPerSource", maxValuesPerSource, 1, Integer.MAX_VALUE);
        requireRange("maxContactsPerAddressPerBucket", maxContactsPerAddressPerBucket, 1, ReplyCodec.MAX_CONTACTS);
        requireRange("maxContactsPerSubnetPerBucket", maxContactsPerSubnetPerBucket, 1, ReplyCodec.MAX_CONTACTS);
        requireRange("maxPendingAdmissions", maxPendingAdmissions, 1, 100_000);
        requireRange("maxListEntriesPerSource", maxListEntriesPerSource, 1, 100_000);
    }

    /**
     * Defaults for a LAN:
     * <ul>
     *   <li>maxValuesPerSource 256: a sixteenth of the default 4,096-value store, the share each of
     *       16 or more sources keeps however many arrive; with fewer sources (a small LAN, where every
     *       node holds every value) each gets more, at most half the store, so one address alone
     *       cannot fill it.</li>
     *   <li>maxContactsPerAddressPerBucket 3: several nodes on one host (tests, a developer's
     *       machine, containers behind one address) still all fit, while one address can hold at most
     *       3 of a bucket's 20 places, however many ports or ids it uses. Loopback addresses are
     *       exempt: the kernel drops packets from outside that claim a loopback source, so only
     *       processes on this host can use them, and the loopback tests run 50 nodes on 127.0.0.1.</li>
     *   <li>maxContactsPerSubnetPerBucket 5, on globally routed addresses only: on a routed network
     *       one /24 or /64 (one attacker's allocation) holds at most a quarter of a bucket. Off by
     *       default for private ranges, where every honest peer of a LAN shares one subnet.</li>
     *   <li>maxPendingAdmissions 32: a newcomer is pinged before it may enter the table; 32 pings per
     *       RPC timeout admit a LAN's arrivals quickly, and a spoofer's flood of requests costs at
     *       most 32 small pings in flight (the rest are learned later through lookups).</li>
     *   <li>maxListEntriesPerSource 16: an honest peer stores only its own record, in one list; 16
     *       leaves room for a host running several nodes or restarting with new ids, while one address
     *       can no longer push a list's 256 honest entries out. Loopback is exempt, as above.</li>
     * </ul>
     */
    public static KademliaQuotas defaults() {
        return new KademliaQuotas(256, 3, 5, false, 32, 16);
    }
}
