package peerconnect.adapter.udp;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the network interface multicast is joined and sent on. Never "any": joining through
 * INADDR_ANY lets the kernel pick the default-route NIC, which on many machines is a VPN or a docker
 * bridge, and discovery silently finds nobody.
 */
final class InterfaceChooser {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceChooser.class);

    /** What the automatic choice looks at, so that the rule is a pure function tested by a table. */
    record Facts(String name, int index, boolean up, boolean multicast, boolean loopback, boolean pointToPoint,
                 boolean virtual, boolean hasAddress) {
    }

    private InterfaceChooser() {
    }

    /**
     * The interface for {@code spec} (a name or one of its addresses); for an empty spec, the one owning
     * {@code bindAddress} if that is not a wildcard, else {@link #automatic}.
     *
     * @throws UdpEndpointException if no interface matches
     */
    static NetworkInterface choose(String spec, InetAddress bindAddress) {
        try {
            if (!spec.isBlank()) {
                NetworkInterface nif = looksLikeAddress(spec)
                        ? NetworkInterface.getByInetAddress(InetAddress.getByName(spec))
                        : NetworkInterface.getByName(spec);
                if (nif == null) {
                    throw new UdpEndpointException("no network interface '" + spec + "' on this host; there are: "
                            + names());
                }
                return nif;
            }
            if (!bindAddress.isAnyLocalAddress()) {
                NetworkInterface nif = NetworkInterface.getByInetAddress(bindAddress);
                if (nif == null) {
                    throw new UdpEndpointException("bind address " + bindAddress.getHostAddress()
                            + " belongs to no network interface of this host");
                }
                return nif;
            }
            List<NetworkInterface> all = NetworkInterface.networkInterfaces().toList();
            List<Facts> facts = new ArrayList<>();
            for (NetworkInterface nif : all) {
                facts.add(facts(nif));
            }
            Optional<Facts> pick = automatic(facts);
            if (pick.isPresent()) {
                return NetworkInterface.getByName(pick.get().name());
            }
            Optional<NetworkInterface> loopback = all.stream().filter(InterfaceChooser::isLoopback).findFirst();
            if (loopback.isEmpty()) {
                throw new UdpEndpointException("this host has no usable network interface, not even loopback");
            }
            LOG.warn("no up, multicast-capable, non-loopback interface; using {}: only nodes on this host will be"
                    + " discovered", loopback.get().getName());
            return loopback.get();
        } catch (SocketException | UnknownHostException e) {
            throw new UdpEndpointException("cannot list the network interfaces: " + e.getMessage(), e);
        }
    }

    /**
     * The first (lowest index) interface that is up, multicast-capable, has an address, and is neither
     * loopback, point-to-point (VPN tunnels) nor virtual (an alias).
     */
    static Optional<Facts> automatic(List<Facts> interfaces) {
        return interfaces.stream()
                .filter(f -> f.up() && f.multicast() && f.hasAddress()
                        && !f.loopback() && !f.pointToPoint() && !f.virtual())
                .min(Comparator.comparingInt(Facts::index));
    }

    static Facts facts(NetworkInterface nif) throws SocketException {
        return new Facts(nif.getName(), nif.getIndex(), nif.isUp(), nif.supportsMulticast(), nif.isLoopback(),
                nif.isPointToPoint(), nif.isVirtual(), nif.getInetAddresses().hasMoreElements());
    }

    private static boolean isLoopback(NetworkInterface nif) {
        try {
            return nif.isLoopback() && nif.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean looksLikeAddress(String spec) {
        return spec.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.%\\w]*");
    }

    private static String names() throws SocketException {
        return NetworkInterface.networkInterfaces().map(NetworkInterface::getName).sorted()
                .collect(Collectors.joining(", "));
    }
}
