package peerconnect.adapter.kademlia;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordCodec;

/**
 * Reads the fields of a Kademlia body with a length check before every field; a failed check throws
 * {@link MalformedBodyException} with its reason, which the caller turns into a counted rejection.
 */
final class BodyReader {
    private final byte[] data;
    private int pos;

    BodyReader(byte[] data) {
        this.data = data;
    }

    int u8() {
        need(1, "a byte");
        return data[pos++] & 0xff;
    }

    int u16() {
        need(2, "a 2-byte integer");
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32() {
        need(4, "a 4-byte integer");
        long v = ((long) (data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16) | ((data[pos + 2] & 0xff) << 8)
                | (data[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long i64() {
        need(8, "an 8-byte integer");
        long v = ByteBuffer.wrap(data, pos, 8).getLong();
        pos += 8;
        return v;
    }

    byte[] bytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        return b;
    }

    PeerId id() {
        need(PeerId.BYTES, "a 20-byte id");
        PeerId id = PeerId.read(data, pos);
        pos += PeerId.BYTES;
        return id;
    }

    /** family (4 or 6), id (20), IP (4 or 16), port (2); the address must be {@linkplain NodeAddress#isUnicast unicast}. */
    PeerContact contact() {
        int family = u8();
        int ipLength = switch (family) {
            case 4 -> 4;
            case 6 -> 16;
            default -> throw new MalformedBodyException(RejectReason.BAD_ADDRESS_FAMILY, "family " + family);
        };
        PeerId id = id();
        byte[] ip = bytes(ipLength, "an IP address");
        int port = u16();
        NodeAddress address;
        try {
            address = new NodeAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new MalformedBodyException(RejectReason.BAD_ADDRESS_FAMILY, "IP of " + ip.length + " bytes");
        }
        if (!address.isUnicast()) {
            throw new MalformedBodyException(RejectReason.NOT_UNICAST, "contact address " + address);
        }
        return new PeerContact(id, address);
    }

    /** name length (1, at most 64) and UTF-8 name. */
    String name() {
        int n = u8();
        if (n > BodyWriter.MAX_NAME_BYTES) {
            throw new MalformedBodyException(RejectReason.BAD_NAME, n + " bytes");
        }
        byte[] raw = bytes(n, "a name");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException(RejectReason.BAD_NAME, "not UTF-8");
        }
    }

    /** A signed node record; its signature is not checked here (docs/PROTOCOL.md, "Node records"). */
    NodeRecord record() {
        if (pos < data.length && (data[pos] == 4 || data[pos] == 6)) {
            // The old layout began with the contact's address family where a signed record has its version.
            throw new MalformedBodyException(RejectReason.UNSIGNED_RECORD, "a record without a signature");
        }
        ByteBuffer in = ByteBuffer.wrap(data, pos, data.length - pos);
        return switch (NodeRecordCodec.decode(in, false)) {
            case NodeRecordCodec.Decoded(NodeRecord record, int length) -> {
                pos += length;
                yield record;
            }
            case NodeRecordCodec.Rejected(NodeRecordCodec.Rejection why) ->
                    throw new MalformedBodyException(RejectReason.BAD_RECORD, why.name());
        };
    }

    /** Whether every byte was read. */
    boolean atEnd() {
        return pos == data.length;
    }

    /**
     * Reads the record-request byte if it comes next ({@link KademliaCodec#RECORD_REQUEST}); anything
     * else (the end, or zero padding) is left for the caller and means no request.
     */
    boolean recordRequest() {
        if (pos < data.length && data[pos] == KademliaCodec.RECORD_REQUEST) {
            pos++;
            return true;
        }
        return false;
    }

    /** Checks that nothing follows the last field. */
    void end() {
        if (pos != data.length) {
            throw new MalformedBodyException(RejectReason.TRAILING_BYTES, (data.length - pos) + " bytes");
        }
    }

    /**
     * Checks that whatever follows the last field is zero padding (docs/PROTOCOL.md, "Amplification":
     * a requester pads a request to earn a full-size answer from a peer that has not verified it).
     */
    void zeroPadding() {
        for (int i = pos; i < data.length; i++) {
            if (data[i] != 0) {
                throw new MalformedBodyException(RejectReason.TRAILING_BYTES, "non-zero padding byte at offset " + i);
            }
        }
        pos = data.length;
    }

    private void need(int n, String what) {
        if (data.length - pos < n) {
            throw new MalformedBodyException(RejectReason.TRUNCATED, "expected " + what + " at offset " + pos
                    + " of " + data.length);
        }
    }
}
