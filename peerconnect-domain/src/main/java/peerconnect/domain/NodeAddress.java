package peerconnect.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where a node's requests endpoint listens: an IP address and a UDP port. Only literal addresses —
 * building one never performs a DNS lookup.
 */
public record NodeAddress(InetAddress ip, int port) {
    public NodeAddress {
        Objects.requireNonNull(ip, "ip");
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /** The address from a resolved socket address. */
    public static NodeAddress of(InetSocketAddress socketAddress) {
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("unresolved address: " + socketAddress);
        }
        return new NodeAddress(socketAddress.getAddress(), socketAddress.getPort());
    }

    /** The address from raw IP bytes (4 for IPv4, 16 for IPv6) and a port. */
    public static NodeAddress of(byte[] ip, int port) {
        try {
            return new NodeAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, got " + ip.length, e);
        }
    }

    /**
     * Parses {@code "1.2.3.4:5"} or {@code "[::1]:5"}. Host names are refused: resolving them is I/O,
     * which belongs to an adapter.
     */
    public static NodeAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected IP:PORT or [IPv6]:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'", e);
        }
        return new NodeAddress(literal(host), port);
    }

    private static InetAddress literal(String host) {
        // getByName does no lookup for a literal; the pattern keeps host names away from it.
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("not an IP address literal: '" + host + "'");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: '" + host + "'", e);
        }
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(ip, port);
    }

    public boolean isMulticast() {
        return ip.isMulticastAddress();
    }

    /**
     * Whether a datagram sent here reaches one node: not a multicast group, not the wildcard
     * ({@code 0.0.0.0}, {@code ::}), not the IPv4 limited broadcast {@code 255.255.255.255}, and a
     * port other than 0. Every address a peer advertises (a contact, a reply-to) must be one; the
     * others would turn one request of a forger into traffic towards many hosts or towards nothing.
     */
    public boolean isUnicast() {
        if (port == 0 || ip.isMulticastAddress() || ip.isAnyLocalAddress()) {
            return false;
        }
        byte[] b = ip.getAddress();
        return !(b.length == 4 && (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff);
    }

    @Override
    public String toString() {
        return ip instanceof Inet6Address
                ? "[" + ip.getHostAddress() + "]:" + port
                : ip.getHostAddress() + ":" + port;
    }
}
