package peerconnect.domain;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Bodies of the discovery messages (root code {@link RootCode#DISCOVERY}). NETWORK_FIND and
 * NETWORK_FIND_REPLY carry the same body, the sender's advertised address: one family byte (4 or 6),
 * the 4 or 16 address bytes, and the port as an unsigned 16-bit big-endian number. The sender's peer
 * id is the envelope's. See docs/PROTOCOL.md.
 */
public final class DiscoveryWire {
    /** Sub-header of an announcement, sent to the multicast group or by broadcast. Append only. */
    public static final byte NETWORK_FIND = 0x00;
    /** Sub-header of the unicast answer to an announcement. Append only. */
    public static final byte NETWORK_FIND_REPLY = 0x01;

    private DiscoveryWire() {
    }

    /** The body advertising {@code address}. */
    public static byte[] encode(NodeAddress address) {
        byte[] ip = address.ip().getAddress();
        return ByteBuffer.allocate(1 + ip.length + 2)
                .put((byte) (address.ip() instanceof Inet4Address ? 4 : 6))
                .put(ip)
                .putShort((short) address.port())
                .array();
    }

    /**
     * The advertised address, or empty if {@code body} is not exactly one well-formed address in its
     * canonical form (an IPv4-mapped address must be sent as IPv4).
     */
    public static Optional<NodeAddress> decode(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        int ipLength = switch (body[0]) {
            case 4 -> 4;
            case 6 -> 16;
            default -> -1;
        };
        if (ipLength < 0 || body.length != 1 + ipLength + 2) {
            return Optional.empty();
        }
        byte[] ip = new byte[ipLength];
        System.arraycopy(body, 1, ip, 0, ipLength);
        int port = ((body[1 + ipLength] & 0xff) << 8) | (body[2 + ipLength] & 0xff);
        NodeAddress address = NodeAddress.of(ip, port);
        // Java reads an IPv4-mapped IPv6 address as IPv4; one address, one encoding.
        return ipLength == 16 && address.ip() instanceof Inet4Address ? Optional.empty() : Optional.of(address);
    }
}
