package peerconnect.adapter.udp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Locale;

/**
 * Every operating-system difference of the UDP sockets, in one place, chosen by {@code os.name}.
 * Linux is what the tests prove; the others follow their documentation (see the "Sockets" section of
 * {@code docs/PROTOCOL.md}).
 *
 * <ul>
 *   <li><b>Linux</b>: a group socket may bind the group address, which makes the kernel hand it only
 *       that group's datagrams (a wildcard-bound socket also gets every other group any process
 *       joined on that port, IP_MULTICAST_ALL). The IPv4 group socket binds the wildcard instead when
 *       broadcast is on, because a broadcast datagram is addressed to the broadcast address and only
 *       a wildcard-bound socket matches it. A link-local IPv6 group needs the interface as scope to
 *       be bound. SO_REUSEADDR lets several nodes bind the same group port.</li>
 *   <li><b>Windows</b>: refuses to bind a multicast address, so group sockets bind the wildcard;
 *       SO_REUSEADDR shares the port.</li>
 *   <li><b>macOS and the BSDs</b>: bind the group as on Linux, but several sockets share a port only
 *       with SO_REUSEPORT as well.</li>
 *   <li><b>Everywhere</b>: the outgoing multicast interface is set explicitly (IP_MULTICAST_IF), because
 *       Linux without a multicast route sends groups out of the default-route interface (or fails with
 *       "network unreachable"), which may be a VPN or docker bridge.</li>
 * </ul>
 */
enum SocketPlatform {
    LINUX, WINDOWS, BSD, OTHER;

    /** The platform this JVM runs on. */
    static SocketPlatform current() {
        return of(System.getProperty("os.name", ""));
    }

    static SocketPlatform of(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return LINUX;
        }
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.contains("mac") || os.contains("darwin") || os.contains("bsd")) {
            return BSD;
        }
        return OTHER;
    }

    /** The local address a socket receiving {@code group} binds, on interface {@code nif}. */
    InetAddress groupBindAddress(InetAddress group, NetworkInterface nif, boolean broadcast) {
        boolean v4 = group instanceof Inet4Address;
        return switch (this) {
            case WINDOWS, OTHER -> wildcard(v4);
            case LINUX, BSD -> {
                if (v4) {
                    yield broadcast ? wildcard(true) : group;
                }
                yield scoped((Inet6Address) group, nif);
            }
        };
    }

    /** Lets several sockets (several nodes on this host) bind the same group port. */
    void shareGroupPort(DatagramChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        if (this == BSD && channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        }
    }

    private static InetAddress scoped(Inet6Address group, NetworkInterface nif) {
        if (!(group.isMCLinkLocal() || group.isMCNodeLocal())) {
            return group;
        }
        try {
            return Inet6Address.getByAddress(null, group.getAddress(), nif);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 16-byte address is always valid", e);
        }
    }

    private static InetAddress wildcard(boolean v4) {
        try {
            return InetAddress.getByAddress(new byte[v4 ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
