package peerconnect.domain;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Bodies of the discovery messages (root code {@link RootCode#DISCOVERY}), signed by the sender's
 * {@link NodeKey}. A NETWORK_FIND body is the advertised address, the sender's raw Ed25519 public key,
 * a timestamp and the signature; a NETWORK_FIND_REPLY body also names the timestamp of the NETWORK_FIND
 * it answers. The sender's peer id is the envelope's. Encoding and decoding only: checking a body is
 * {@link DiscoveryAuthenticator}'s job. See docs/PROTOCOL.md, "Discovery".
 */
public final class DiscoveryCodec {
    /** Sub-op of an announcement, sent to the multicast group or by broadcast. Append only. */
    public static final byte NETWORK_FIND = 0x00;
    /** Sub-op of the unicast answer to an announcement. Append only. */
    public static final byte NETWORK_FIND_REPLY = 0x01;

    /** The domain-separation label that starts every signed byte string (ASCII, no terminator). */
    static final byte[] SIGNATURE_LABEL = "peerconnect-discovery-v1".getBytes(StandardCharsets.US_ASCII);

    private static final int TIMESTAMP_BYTES = Long.BYTES;

    private DiscoveryCodec() {
    }

    /** A decoded body; the byte arrays are the caller's to keep (fresh copies). */
    public sealed interface Body {
        /** The address the sender says it listens on. */
        NodeAddress advertised();

        /** The sender's raw 32-byte Ed25519 public key. */
        byte[] publicKey();

        /** When the sender signed, in milliseconds since the epoch by its clock. */
        long timestampMillis();

        /** The 64-byte Ed25519 signature over {@link #signedBytes}. */
        byte[] signature();
    }

    /** The body of a NETWORK_FIND. */
    public record FindBody(NodeAddress advertised, byte[] publicKey, long timestampMillis, byte[] signature)
            implements Body {
    }

    /** The body of a NETWORK_FIND_REPLY, bound to the NETWORK_FIND sent at {@code findTimestampMillis}. */
    public record ReplyBody(NodeAddress advertised, byte[] publicKey, long timestampMillis, long findTimestampMillis,
                            byte[] signature) implements Body {
    }

    /** The NETWORK_FIND body: address, public key, timestamp, signature. */
    public static byte[] encodeFind(NodeAddress advertised, byte[] publicKey, long timestampMillis, byte[] signature) {
        byte[] address = encodeAddress(advertised);
        return ByteBuffer.allocate(address.length + NodeKey.KEY_BYTES + TIMESTAMP_BYTES + NodeKey.SIGNATURE_BYTES)
                .put(address).put(checked(publicKey, NodeKey.KEY_BYTES, "public key")).putLong(timestampMillis)
                .put(checked(signature, NodeKey.SIGNATURE_BYTES, "signature")).array();
    }

    /** The NETWORK_FIND_REPLY body: address, public key, timestamp, the answered find's timestamp, signature. */
    public static byte[] encodeReply(NodeAddress advertised, byte[] publicKey, long timestampMillis,
                                     long findTimestampMillis, byte[] signature) {
        byte[] address = encodeAddress(advertised);
        return ByteBuffer.allocate(address.length + NodeKey.KEY_BYTES + 2 * TIMESTAMP_BYTES + NodeKey.SIGNATURE_BYTES)
                .put(address).put(checked(publicKey, NodeKey.KEY_BYTES, "public key")).putLong(timestampMillis)
                .putLong(findTimestampMillis).put(checked(signature, NodeKey.SIGNATURE_BYTES, "signature")).array();
    }

    /**
     * The body of a message with op byte {@code op}, or empty if the op is not a discovery one
     * or the body is not exactly one well-formed body of that kind. Total: never throws.
     */
    public static Optional<Body> decode(byte op, byte[] body) {
        if (op != NETWORK_FIND && op != NETWORK_FIND_REPLY) {
            return Optional.empty();
        }
        int addressLength = addressLength(body);
        int tail = NodeKey.KEY_BYTES + TIMESTAMP_BYTES + NodeKey.SIGNATURE_BYTES
                + (op == NETWORK_FIND_REPLY ? TIMESTAMP_BYTES : 0);
        if (addressLength < 0 || body.length != addressLength + tail) {
            return Optional.empty();
        }
        Optional<NodeAddress> address = decodeAddress(body, addressLength);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(body, addressLength, tail);
        byte[] publicKey = new byte[NodeKey.KEY_BYTES];
        in.get(publicKey);
        long timestamp = in.getLong();
        if (op == NETWORK_FIND) {
            byte[] signature = new byte[NodeKey.SIGNATURE_BYTES];
            in.get(signature);
            return Optional.of(new FindBody(address.get(), publicKey, timestamp, signature));
        }
        long findTimestamp = in.getLong();
        byte[] signature = new byte[NodeKey.SIGNATURE_BYTES];
        in.get(signature);
        return Optional.of(new ReplyBody(address.get(), publicKey, timestamp, findTimestamp, signature));
    }

    /**
     * The bytes a discovery message's signature covers: the label {@code peerconnect-discovery-v1}, the root
     * code, {@code op}, the sender's peer id (the envelope's), the encoded advertised address and the
     * timestamp; for a NETWORK_FIND_REPLY also the finder's peer id (the reply's receiver) and the answered
     * find's timestamp, so a reply is good for one find of one node only.
     */
    public static byte[] signedBytes(byte op, PeerId sender, NodeAddress advertised, long timestampMillis,
                                     PeerId finder, long findTimestampMillis) {
        byte[] address = encodeAddress(advertised);
        boolean reply = op == NETWORK_FIND_REPLY;
        ByteBuffer out = ByteBuffer.allocate(SIGNATURE_LABEL.length + 2 + PeerId.BYTES + address.length
                + TIMESTAMP_BYTES + (reply ? PeerId.BYTES + TIMESTAMP_BYTES : 0));
        out.put(SIGNATURE_LABEL).put(RootCode.DISCOVERY.code()).put(op).put(sender.toBytes()).put(address)
                .putLong(timestampMillis);
        if (reply) {
            out.put(finder.toBytes()).putLong(findTimestampMillis);
        }
        return out.array();
    }

    /** The advertised-address field: family byte (4 or 6), the 4 or 16 address bytes, the port (unsigned 16-bit). */
    public static byte[] encodeAddress(NodeAddress address) {
        byte[] ip = address.ip().getAddress();
        return ByteBuffer.allocate(1 + ip.length + 2)
                .put((byte) (address.ip() instanceof Inet4Address ? 4 : 6))
                .put(ip)
                .putShort((short) address.port())
                .array();
    }

    /** Length of the address field that starts {@code body}, from its family byte; -1 if unknown. */
    private static int addressLength(byte[] body) {
        if (body.length == 0) {
            return -1;
        }
        return switch (body[0]) {
            case 4 -> 1 + 4 + 2;
            case 6 -> 1 + 16 + 2;
            default -> -1;
        };
    }

    private static Optional<NodeAddress> decodeAddress(byte[] body, int length) {
        int ipLength = length - 3;
        byte[] ip = new byte[ipLength];
        System.arraycopy(body, 1, ip, 0, ipLength);
        int port = ((body[1 + ipLength] & 0xff) << 8) | (body[2 + ipLength] & 0xff);
        NodeAddress address = NodeAddress.of(ip, port);
        // Java reads an IPv4-mapped IPv6 address as IPv4; one address, one encoding.
        return ipLength == 16 && address.ip() instanceof Inet4Address ? Optional.empty() : Optional.of(address);
    }

    private static byte[] checked(byte[] field, int length, String name) {
        if (field.length != length) {
            throw new IllegalArgumentException("a discovery " + name + " is " + length + " bytes, got " + field.length);
        }
        return field;
    }
}
