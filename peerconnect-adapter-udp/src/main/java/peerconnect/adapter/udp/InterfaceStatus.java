package peerconnect.adapter.udp;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the interface watcher sees of the chosen interface at one poll, and the pure rule deciding
 * what a change between two polls means.
 *
 * @param present   an interface of that name exists
 * @param up        it is administratively and operationally up
 * @param multicast it can carry multicast (loopback counts: Linux delivers multicast on {@code lo}
 *                  although it lacks the MULTICAST flag)
 * @param index     its kernel index; a new index means it was deleted and re-created, which drops every
 *                  membership the old one had
 * @param addresses its addresses; a change (an {@code ip addr add/del}, a new DHCP lease) is worth
 *                  announcing, since peers may know this node by an address it no longer has
 */
record InterfaceStatus(boolean present, boolean up, boolean multicast, int index, Set<String> addresses) {

    static final InterfaceStatus ABSENT = new InterfaceStatus(false, false, false, -1, Set.of());

    InterfaceStatus {
        addresses = Set.copyOf(addresses);
    }

    /** A status with no addresses known (for tables of the up/down rule). */
    InterfaceStatus(boolean present, boolean up, boolean multicast, int index) {
        this(present, up, multicast, index, Set.of());
    }

    /** What changed between two polls. */
    enum Change {
        /** Nothing that matters to multicast. */
        NONE,
        /** It went down or disappeared: nothing to do but wait and log. */
        LOST,
        /** It is usable again, or was re-created: the groups must be joined again. */
        BACK,
        /** It stayed usable but its addresses changed: join again (cheap, and re-sends the reports) and re-announce. */
        ADDRESSES
    }

    static InterfaceStatus probe(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return ABSENT;
            }
            Set<String> addresses = nif.inetAddresses().map(InetAddress::getHostAddress).collect(Collectors.toSet());
            return new InterfaceStatus(true, nif.isUp(), nif.supportsMulticast() || nif.isLoopback(), nif.getIndex(),
                    addresses);
        } catch (SocketException e) {
            return ABSENT;
        }
    }

    boolean usable() {
        return present && up && multicast;
    }

    /** What going from {@code this} to {@code now} means. */
    Change changeTo(InterfaceStatus now) {
        if (usable() && !now.usable()) {
            return Change.LOST;
        }
        if (now.usable() && (!usable() || index != now.index)) {
            return Change.BACK;
        }
        if (usable() && now.usable() && !addresses.equals(now.addresses)) {
            return Change.ADDRESSES;
        }
        return Change.NONE;
    }
}
