package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * What a node saves across restarts, and its file format (all integers big-endian):
 * <pre>
 *   magic "PCKD" (4) · version 1 (1) · own id (20)
 *   contact count (2) · contacts, each as on the wire (family, id, IP, port)
 *   value count (4) · per value: key (20) · expires at, epoch ms (8) · length (2) · value
 *   published count (4) · per value: key (20) · length (2) · value
 *   CRC32 of every byte above (4)
 * </pre>
 * The checksum catches torn and corrupted files; contacts are pinged again before they re-enter the
 * routing table, so a stale file cannot poison it.
 *
 * @param self      the id the state belongs to
 * @param contacts  routing-table contacts
 * @param values    values held for others
 * @param published values this node published (and republishes)
 */
record Snapshot(PeerId self, List<PeerContact> contacts, List<StoredValue> values, List<PublishedValue> published) {

    static final byte[] MAGIC = {'P', 'C', 'K', 'D'};
    static final int VERSION = 1;

    record StoredValue(PeerId key, long expiresAtMillis, byte[] value) {
    }

    record PublishedValue(PeerId key, byte[] value) {
    }

    byte[] encode() {
        BodyWriter w = new BodyWriter(64 + contacts.size() * BodyWriter.MAX_CONTACT_BYTES);
        w.bytes(MAGIC).u8(VERSION).id(self).u16(contacts.size());
        for (PeerContact c : contacts) {
            w.contact(c);
        }
        w.u32(values.size());
        for (StoredValue v : values) {
            w.id(v.key()).i64(v.expiresAtMillis()).u16(v.value().length).bytes(v.value());
        }
        w.u32(published.size());
        for (PublishedValue v : published) {
            w.id(v.key()).u16(v.value().length).bytes(v.value());
        }
        byte[] body = w.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        return new BodyWriter(body.length + 4).bytes(body).u32(crc.getValue()).toByteArray();
    }

    /**
     * Decodes a saved state.
     *
     * @throws MalformedBodyException with {@link RejectReason#CORRUPT_STATE} (bad magic, version or
     *                                checksum) or the structural reason
     */
    static Snapshot decode(byte[] data, int maxValueBytes) {
        if (data.length < MAGIC.length + 1 + 4 || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "not a Kademlia state file (magic)");
        }
        if ((data[MAGIC.length] & 0xff) != VERSION) {
            throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "state version " + (data[MAGIC.length] & 0xff));
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        BodyReader tail = new BodyReader(Arrays.copyOfRange(data, data.length - 4, data.length));
        if (tail.u32() != crc.getValue()) {
            throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "checksum mismatch (torn or corrupted)");
        }
        BodyReader r = new BodyReader(Arrays.copyOfRange(data, MAGIC.length + 1, data.length - 4));
        PeerId self = r.id();
        int contactCount = r.u16();
        List<PeerContact> contacts = new ArrayList<>(contactCount);
        for (int i = 0; i < contactCount; i++) {
            contacts.add(r.contact());
        }
        long valueCount = r.u32();
        List<StoredValue> values = new ArrayList<>();
        for (long i = 0; i < valueCount; i++) {
            PeerId key = r.id();
            long expires = r.i64();
            values.add(new StoredValue(key, expires, value(r, maxValueBytes)));
        }
        long publishedCount = r.u32();
        List<PublishedValue> published = new ArrayList<>();
        for (long i = 0; i < publishedCount; i++) {
            PeerId key = r.id();
            published.add(new PublishedValue(key, value(r, maxValueBytes)));
        }
        r.end();
        return new Snapshot(self, contacts, values, published);
    }

    private static byte[] value(BodyReader r, int maxValueBytes) {
        int length = r.u16();
        if (length > maxValueBytes) {
            throw new MalformedBodyException(RejectReason.VALUE_TOO_LARGE, length + " bytes");
        }
        return r.bytes(length, "a value");
    }
}
