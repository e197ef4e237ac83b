package peerconnect.adapter.kademlia;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordCodec;

/** Writes the fields of a Kademlia body (layouts in docs/PROTOCOL.md, "Kademlia"). */
final class BodyWriter {
    /** Longest name on the wire, in UTF-8 bytes: a short label for a person, and 11 records still fit a reply. */
    static final int MAX_NAME_BYTES = 64;
    /** Largest encoded contact: family 1 + id 20 + IPv6 16 + port 2. */
    static final int MAX_CONTACT_BYTES = 1 + PeerId.BYTES + 16 + 2;

    // A plain growable array: replies are built on the hot path of every lookup, and
    // ByteArrayOutputStream synchronises every write.
    private byte[] buf;
    private int size;

    BodyWriter(int sizeHint) {
        buf = new byte[Math.max(16, sizeHint)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    BodyWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    BodyWriter u16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    BodyWriter u32(long v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    BodyWriter i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    BodyWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    BodyWriter id(PeerId id) {
        ensure(PeerId.BYTES);
        id.writeTo(buf, size);
        size += PeerId.BYTES;
        return this;
    }

    BodyWriter contact(PeerContact c) {
        byte[] ip = c.address().ip().getAddress();
        u8(c.address().ip() instanceof Inet4Address ? 4 : 6);
        id(c.id());
        bytes(ip);
        return u16(c.address().port());
    }

    BodyWriter record(NodeRecord r) {
        return bytes(NodeRecordCodec.encode(r));
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    static int contactSize(PeerContact c) {
        return 1 + PeerId.BYTES + (c.address().ip() instanceof Inet4Address ? 4 : 16) + 2;
    }

    static int recordSize(NodeRecord r) {
        return NodeRecordCodec.size(r);
    }

    /** The UTF-8 name, cut at a character boundary to at most {@link #MAX_NAME_BYTES}. */
    static byte[] nameBytes(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_NAME_BYTES) {
            return b;
        }
        int end = MAX_NAME_BYTES;
        while (end > 0 && (b[end] & 0xc0) == 0x80) {
            end--; // back off to the start of a character
        }
        byte[] cut = new byte[end];
        System.arraycopy(b, 0, cut, 0, end);
        return cut;
    }
}
