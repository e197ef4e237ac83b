package peerconnect.adapter.udp;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.NodeAddress;

/** Opening the unicast socket of a {@link UdpEndpoint} and the socket-level facts it needs. */
final class UnicastSockets {
    private static final Logger LOG = LoggerFactory.getLogger(UdpEndpoint.class);

    private UnicastSockets() {
    }

    /**
     * Opens and binds the endpoint's one unicast socket on {@code nif}, with the configured buffers and
     * multicast options; falls back to IPv4 where IPv6 is not available.
     *
     * @throws UdpEndpointException naming the port or address that could not be had
     */
    static DatagramChannel openUnicast(UdpEndpointConfig config, NetworkInterface nif) {
        InetAddress bind = config.bindAddress();
        DatagramChannel channel;
        try {
            channel = DatagramChannel.open(family(bind));
        } catch (IOException | UnsupportedOperationException e) {
            if (!(bind instanceof Inet6Address && bind.isAnyLocalAddress())) {
                throw new UdpEndpointException("cannot open a UDP socket for " + bind.getHostAddress() + ": "
                        + e.getMessage(), e);
            }
            LOG.warn("IPv6 is not available ({}); the endpoint binds IPv4 0.0.0.0 only", e.toString());
            bind = ipv4Wildcard();
            try {
                channel = DatagramChannel.open(StandardProtocolFamily.INET);
            } catch (IOException e2) {
                throw new UdpEndpointException("cannot open a UDP socket: " + e2.getMessage(), e2);
            }
        }
        InetSocketAddress target = new InetSocketAddress(bind, config.port());
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, config.receiveBufferBytes());
            channel.setOption(StandardSocketOptions.SO_SNDBUF, config.sendBufferBytes());
            channel.setOption(StandardSocketOptions.SO_BROADCAST, config.broadcast());
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, config.multicastHops());
            channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, config.multicastLoopback());
            channel.bind(target);
            int granted = channel.getOption(StandardSocketOptions.SO_RCVBUF);
            if (granted < config.receiveBufferBytes()) {
                // Linux caps it at net.core.rmem_max (and reports twice what it keeps for bookkeeping).
                LOG.info("kernel granted a {}-byte receive buffer of the {} asked for at={} (raise net.core.rmem_max"
                        + " for more)", granted, config.receiveBufferBytes(), NodeAddress.of(target));
            }
            return channel;
        } catch (BindException e) {
            closeQuietly(channel);
            String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("in use")
                    ? "UDP port " + config.port() + " on " + (bind.isAnyLocalAddress() ? "every local address"
                            : bind.getHostAddress()) + " is already in use"
                    : "cannot bind UDP " + NodeAddress.of(target) + ": " + e.getMessage();
            throw new UdpEndpointException(why, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UdpEndpointException("cannot set up the UDP socket at " + NodeAddress.of(target) + " on "
                    + nif.getName() + ": " + e.getMessage(), e);
        }
    }

    /** Where peers reach a socket bound to {@code bound}: itself, or for a wildcard an address of the interface. */
    static NodeAddress reachableAddress(InetSocketAddress bound, NetworkInterface nif, boolean ipv4Only) {
        if (!bound.getAddress().isAnyLocalAddress()) {
            return NodeAddress.of(bound);
        }
        List<InetAddress> addresses = Collections.list(nif.getInetAddresses());
        InetAddress best = addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                .or(() -> ipv4Only ? Optional.empty()
                        : addresses.stream().filter(a -> !a.isLinkLocalAddress()).findFirst())
                .or(() -> ipv4Only ? Optional.empty() : addresses.stream().findFirst())
                .orElse(InetAddress.getLoopbackAddress());
        return new NodeAddress(best, bound.getPort());
    }

    /** The protocol family of sockets for {@code ip}. */
    static ProtocolFamily family(InetAddress ip) {
        return ip instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    private static InetAddress ipv4Wildcard() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes {@code c}, logging (not throwing) a failure: used on paths that already fail or stop. */
    static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", c, e.toString());
        }
    }
}
