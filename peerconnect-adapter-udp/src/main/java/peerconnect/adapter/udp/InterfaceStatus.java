package peerconnect.adapter.udp;

import java.net.NetworkInterface;
import java.net.SocketException;

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
 */
record InterfaceStatus(boolean present, boolean up, boolean multicast, int index) {

    static final InterfaceStatus ABSENT = new InterfaceStatus(false, false, false, -1);

    /** What changed between two polls. */
    enum Change {
        /** Nothing that matters to multicast. */
        NONE,
        /** It went down or disappeared: nothing to do but wait and log. */
        LOST,
        /** It is usable again, or was re-created: the groups must be joined again. */
        BACK
    }

    static InterfaceStatus probe(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return ABSENT;
            }
            return new InterfaceStatus(true, nif.isUp(), nif.supportsMulticast() || nif.isLoopback(), nif.getIndex());
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
        return Change.NONE;
    }
}
