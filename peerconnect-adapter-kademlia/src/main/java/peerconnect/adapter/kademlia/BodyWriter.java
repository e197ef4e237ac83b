package peerconnect.adapter.kademlia;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;

/** Writes the fields of a Kademlia body (layouts in docs/PROTOCOL.md, "Kademlia"). */
final class BodyWriter {
    /** Longest name on the wire, in UTF-8 bytes: a short label for a person, and 11 records still fit a reply. */
    static final int MAX_NAME_BYTES = 64;
    /** Largest encoded contact: family 1 + id 20 + IPv6 16 + port 2. */
    static final int MAX_CONTACT_BYTES = 1 + PeerId.BYTES + 16 + 2;

    private final ByteArrayOutputStream out;

    BodyWriter(int sizeHint) {
        out = new ByteArrayOutputStream(sizeHint);
    }

    BodyWriter u8(int v) {
        out.write(v);
        return this;
    }

    BodyWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    BodyWriter u32(long v) {
        out.write((int) (v >>> 24));
        out.write((int) (v >>> 16));
        out.write((int) (v >>> 8));
        out.write((int) v);
        return this;
    }

    BodyWriter i64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
        return this;
    }

    BodyWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    BodyWriter id(PeerId id) {
        return bytes(id.toBytes());
    }

    BodyWriter contact(PeerContact c) {
        byte[] ip = c.address().ip().getAddress();
        u8(c.address().ip() instanceof Inet4Address ? 4 : 6);
        id(c.id());
        bytes(ip);
        return u16(c.address().port());
    }

    BodyWriter record(PeerRecord r) {
        contact(r.contact());
        byte[] name = nameBytes(r.name());
        u8(name.length);
        return bytes(name);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static int contactSize(PeerContact c) {
        return 1 + PeerId.BYTES + (c.address().ip() instanceof Inet4Address ? 4 : 16) + 2;
    }

    static int recordSize(PeerRecord r) {
        return contactSize(r.contact()) + 1 + nameBytes(r.name()).length;
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
