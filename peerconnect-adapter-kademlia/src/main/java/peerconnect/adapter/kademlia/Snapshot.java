package peerconnect.adapter.kademlia;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * What a node saves across restarts, and its file format (all integers big-endian):
 * <pre>
 *   magic "PCKD" (4) · version 2 (1) · own id (20) · generation (8)
 *   contact count (2) · contacts, each as on the wire (family, id, IP, port)
 *   value count (4) · per value: key (20) · expires at, epoch ms (8) · source · length (2) · value
 *   published count (4) · per value: key (20) · republished until, epoch ms (8) · length (2) · value
 *   CRC32 of every byte above (4)
 * </pre>
 * The source is as in the {@link ValueLog} ({@code 00}, or {@code 04}/{@code 06} and the address), so
 * a restarted node still counts each value in its source's share. The generation names the
 * {@link ValueLog} that continues this snapshot: logs of a lower generation are already in it.
 * Version 1 (no generation, no sources, no republish deadline) is still read: its values count as
 * this node's own and its published values are republished until deleted.
 *
 * <p>The checksum catches torn and corrupted files; contacts are pinged again before they re-enter
 * the routing table, so a stale file cannot poison it.
 *
 * @param self       the id the state belongs to
 * @param generation the generation of the log that follows this snapshot
 * @param contacts   routing-table contacts
 * @param values     values held for others
 * @param published  values this node published (and republishes)
 */
record Snapshot(PeerId self, long generation, List<PeerContact> contacts, List<StoredValue> values,
                List<PublishedValue> published) {

    static final byte[] MAGIC = {'P', 'C', 'K', 'D'};
    static final int VERSION = 2;

    /** A value held, with who stored it (empty: this node's own copy). */
    record StoredValue(PeerId key, long expiresAtMillis, Optional<InetAddress> source, byte[] value) {
    }

    /** A value this node publishes, until {@code untilMillis} ({@link Long#MAX_VALUE}: until deleted). */
    record PublishedValue(PeerId key, long untilMillis, byte[] value) {
    }

    byte[] encode() {
        BodyWriter w = new BodyWriter(64 + contacts.size() * BodyWriter.MAX_CONTACT_BYTES);
        w.bytes(MAGIC).u8(VERSION).id(self).i64(generation).u16(contacts.size());
        for (PeerContact c : contacts) {
            w.contact(c);
        }
        w.u32(values.size());
        for (StoredValue v : values) {
            w.id(v.key()).i64(v.expiresAtMillis());
            ValueLog.source(w, v.source());
            w.u16(v.value().length).bytes(v.value());
        }
        w.u32(published.size());
        for (PublishedValue v : published) {
            w.id(v.key()).i64(v.untilMillis()).u16(v.value().length).bytes(v.value());
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
        int version = data[MAGIC.length] & 0xff;
        if (version != 1 && version != VERSION) {
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
        long generation = version == 1 ? 0 : r.i64();
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
            Optional<InetAddress> source = version == 1 ? Optional.empty() : ValueLog.source(r);
            values.add(new StoredValue(key, expires, source, ValueLog.value(r, maxValueBytes)));
        }
        long publishedCount = r.u32();
        List<PublishedValue> published = new ArrayList<>();
        for (long i = 0; i < publishedCount; i++) {
            PeerId key = r.id();
            long until = version == 1 ? Long.MAX_VALUE : r.i64();
            published.add(new PublishedValue(key, until, ValueLog.value(r, maxValueBytes)));
        }
        r.end();
        return new Snapshot(self, generation, contacts, values, published);
    }
}
