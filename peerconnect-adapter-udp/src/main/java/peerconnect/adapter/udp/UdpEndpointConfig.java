package peerconnect.adapter.udp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.EnvelopeCodec;

/**
 * Settings of a UDP requests endpoint ({@link UdpTransports#create}).
 *
 * @param bindAddress           local address the unicast socket binds to; a wildcard ({@code ::} or
 *                              {@code 0.0.0.0}) receives on every interface
 * @param port                  local unicast port; 0 lets the kernel pick a free (ephemeral) one
 * @param networkInterface      the interface multicast is joined and sent on, by name ({@code eth0})
 *                              or by one of its addresses; empty chooses one (see {@link UdpTransports})
 * @param groups                multicast groups (address and port) joined at start, IPv4 and/or IPv6;
 *                              empty for none
 * @param multicastHops         IPv4 TTL and IPv6 hop limit of multicast sent, 1..255
 * @param multicastLoopback     whether multicast we send is also delivered to sockets on this host
 * @param broadcast             whether IPv4 broadcast may be sent (SO_BROADCAST) and is received on
 *                              the IPv4 groups' port
 * @param receiveBufferBytes    socket receive buffer asked of the kernel (SO_RCVBUF)
 * @param sendBufferBytes       socket send buffer asked of the kernel (SO_SNDBUF)
 * @param maxDatagramBytes      largest datagram sent or accepted; larger ones are refused or dropped
 * @param interfacePollInterval how often the interface's state is checked to re-join groups after it
 *                              went down or was re-created
 */
public record UdpEndpointConfig(InetAddress bindAddress, int port, String networkInterface, List<NodeAddress> groups,
                                int multicastHops, boolean multicastLoopback, boolean broadcast,
                                int receiveBufferBytes, int sendBufferBytes, int maxDatagramBytes,
                                Duration interfacePollInterval) {

    /**
     * Discovery port: fixed, because every node must listen on the same one; below Linux's ephemeral
     * range (32768-60999), so no endpoint's kernel-picked unicast port can ever take it.
     */
    public static final int DEFAULT_GROUP_PORT = 19_777;

    /**
     * IPv4 discovery group 239.192.80.67 ("P", "C"): in 239.192.0.0/14, the organization-local scope
     * of RFC 2365, meant for exactly this kind of site-private use and never routed to the Internet.
     */
    public static final NodeAddress DEFAULT_IPV4_GROUP = new NodeAddress(ip("239.192.80.67"), DEFAULT_GROUP_PORT);

    /**
     * IPv6 discovery group ff02::5043 ("PC"): link-local scope (ff02), so, like TTL 1 on IPv4, it never
     * leaves the LAN segment, and needs no multicast routing.
     */
    public static final NodeAddress DEFAULT_IPV6_GROUP = new NodeAddress(ip("ff02::5043"), DEFAULT_GROUP_PORT);

    public UdpEndpointConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(networkInterface, "networkInterface");
        Objects.requireNonNull(interfacePollInterval, "interfacePollInterval");
        groups = List.copyOf(groups);
        if (bindAddress.isMulticastAddress()) {
            throw new IllegalArgumentException("bindAddress must be a unicast or wildcard address, not the multicast "
                    + bindAddress.getHostAddress() + " (list groups in 'groups')");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        for (NodeAddress group : groups) {
            if (!group.isMulticast()) {
                throw new IllegalArgumentException("group " + group + " is not a multicast address");
            }
            if (group.port() == 0) {
                throw new IllegalArgumentException("group " + group + " needs a port other than 0");
            }
        }
        if (multicastHops < 1 || multicastHops > 255) {
            throw new IllegalArgumentException("multicastHops must be in 1..255, got " + multicastHops);
        }
        if (receiveBufferBytes < 1 || sendBufferBytes < 1) {
            throw new IllegalArgumentException("socket buffer sizes must be positive, got receive="
                    + receiveBufferBytes + " send=" + sendBufferBytes);
        }
        if (maxDatagramBytes < EnvelopeCodec.HEADER_BYTES || maxDatagramBytes > EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("maxDatagramBytes must be in " + EnvelopeCodec.HEADER_BYTES + ".."
                    + EnvelopeCodec.LARGEST_MAX_DATAGRAM_BYTES + ", got " + maxDatagramBytes);
        }
        if (interfacePollInterval.isNegative() || interfacePollInterval.isZero()) {
            throw new IllegalArgumentException("interfacePollInterval must be positive, got " + interfacePollInterval);
        }
    }

    /**
     * Defaults for a LAN node, each for a reason:
     * <ul>
     *   <li>bind {@code ::}, port 0: the IPv6 wildcard socket is dual-stack on Linux, so one socket
     *       talks to IPv4 and IPv6 peers; the kernel picks a free port, so several nodes share a host
     *       (peers learn the port from the announcement's source);</li>
     *   <li>interface chosen automatically: the first up, multicast-capable, non-loopback one;</li>
     *   <li>groups {@link #DEFAULT_IPV4_GROUP} and {@link #DEFAULT_IPV6_GROUP}, both, so v4-only and
     *       v6-only LANs both work;</li>
     *   <li>hops 1: discovery is for the local segment; routers must not forward it;</li>
     *   <li>multicast loopback on: other nodes on this host must see our announcements (our own
     *       echo is ignored by peer id, not by address);</li>
     *   <li>broadcast on: the IPv4 fallback when a switch or Wi-Fi access point drops multicast;</li>
     *   <li>1 MiB receive buffer: ~850 maximum-size datagrams, enough to ride out a burst of
     *       replies to one lookup while the receive thread is descheduled (the kernel caps it at
     *       {@code net.core.rmem_max}); 256 KiB send buffer: sends are small and the loop never queues
     *       many;</li>
     *   <li>1232-byte datagrams: 1280 (IPv6 minimum MTU) - 40 - 8, never fragmented
     *       ({@link EnvelopeCodec#DEFAULT_MAX_DATAGRAM_BYTES});</li>
     *   <li>interface poll every 5 s: a laptop waking or a cable plugged back in is noticed within
     *       seconds, at the cost of one interface lookup per poll.</li>
     * </ul>
     */
    public static UdpEndpointConfig defaults() {
        return new UdpEndpointConfig(ip("::"), 0, "", List.of(DEFAULT_IPV4_GROUP, DEFAULT_IPV6_GROUP), 1, true, true,
                1 << 20, 256 << 10, EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES, Duration.ofSeconds(5));
    }

    /** The same settings bound to {@code address} and {@code port}. */
    public UdpEndpointConfig withBind(InetAddress address, int port) {
        return new UdpEndpointConfig(address, port, networkInterface, groups, multicastHops, multicastLoopback,
                broadcast, receiveBufferBytes, sendBufferBytes, maxDatagramBytes, interfacePollInterval);
    }

    /** The same settings on the interface named {@code nameOrAddress} (empty: chosen automatically). */
    public UdpEndpointConfig withNetworkInterface(String nameOrAddress) {
        return new UdpEndpointConfig(bindAddress, port, nameOrAddress, groups, multicastHops, multicastLoopback,
                broadcast, receiveBufferBytes, sendBufferBytes, maxDatagramBytes, interfacePollInterval);
    }

    /** The same settings joining {@code groups} at start. */
    public UdpEndpointConfig withGroups(List<NodeAddress> groups) {
        return new UdpEndpointConfig(bindAddress, port, networkInterface, groups, multicastHops, multicastLoopback,
                broadcast, receiveBufferBytes, sendBufferBytes, maxDatagramBytes, interfacePollInterval);
    }

    /** The same settings with other socket buffer sizes. */
    public UdpEndpointConfig withBuffers(int receiveBytes, int sendBytes) {
        return new UdpEndpointConfig(bindAddress, port, networkInterface, groups, multicastHops, multicastLoopback,
                broadcast, receiveBytes, sendBytes, maxDatagramBytes, interfacePollInterval);
    }

    /** The same settings with another maximum datagram size. */
    public UdpEndpointConfig withMaxDatagramBytes(int bytes) {
        return new UdpEndpointConfig(bindAddress, port, networkInterface, groups, multicastHops, multicastLoopback,
                broadcast, receiveBufferBytes, sendBufferBytes, bytes, interfacePollInterval);
    }

    /** The same settings polling the interface every {@code interval}. */
    public UdpEndpointConfig withInterfacePollInterval(Duration interval) {
        return new UdpEndpointConfig(bindAddress, port, networkInterface, groups, multicastHops, multicastLoopback,
                broadcast, receiveBufferBytes, sendBufferBytes, maxDatagramBytes, interval);
    }

    /** Whether the unicast socket is bound to a wildcard address (receives on every interface). */
    boolean bindsWildcard() {
        return bindAddress.isAnyLocalAddress();
    }

    /** Whether the unicast socket is IPv4 only. */
    boolean ipv4Only() {
        return bindAddress instanceof Inet4Address;
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
