package peerconnect.adapter.kademlia;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import peerconnect.domain.PeerId;

/**
 * The log of what changed in a node's values since its last {@link Snapshot}: each change is appended
 * before it is acknowledged (a STORE answered, a put completed), so a node killed at any moment loses
 * nothing it acknowledged. Pure: encodes one entry to its framed bytes, decodes a whole log.
 *
 * <p>Format (integers big-endian): a sequence of frames, each {@code length (4) · CRC32 of the
 * payload (4) · payload}. The first frame is the {@link Header}; the payload's first byte says which
 * entry it is (append only):
 * <pre>
 *   00 header      · generation (8)
 *   01 held        · key (20) · expires at, epoch ms (8) · source · length (2) · value
 *   02 dropped     · key (20)
 *   03 published   · key (20) · republished until, epoch ms (8) · length (2) · value
 *   04 unpublished · key (20)
 *   source: 00 (none: this node's own copy) | 04 · IPv4 (4) | 06 · IPv6 (16)
 * </pre>
 * A frame that is cut short or fails its checksum ends the log: it is the write a crash interrupted,
 * which was never acknowledged, and nothing after it was written.
 */
final class ValueLog {
    private static final int FRAME_HEADER = 8;
    // The largest payload: a held IPv6-sourced value of the largest size, with room to spare.
    private static final int MAX_PAYLOAD = 64 + KademliaConfig.LARGEST_VALUE_BYTES;

    private ValueLog() {
    }

    /** One change, as the log records it. */
    sealed interface Entry permits Header, Held, Dropped, Published, Unpublished {
    }

    /** Opens a log: which snapshot generation it follows. */
    record Header(long generation) implements Entry {
    }

    /** A value held (stored or replaced), with who stored it (empty: this node's own copy). */
    record Held(PeerId key, long expiresAtMillis, Optional<InetAddress> source, byte[] value) implements Entry {
    }

    /** A held value removed before its expiry (replaced by an expired copy: deleted by its publisher). */
    record Dropped(PeerId key) implements Entry {
    }

    /** A value this node publishes, and until when it republishes it ({@link Long#MAX_VALUE}: until deleted). */
    record Published(PeerId key, long untilMillis, byte[] value) implements Entry {
    }

    /** A value this node no longer publishes. */
    record Unpublished(PeerId key) implements Entry {
    }

    /**
     * What a log held: its generation and its entries up to the first torn or corrupt frame.
     *
     * @param generation the header's generation; empty if the log has no usable header
     * @param entries    the entries after the header, in order
     * @param tornBytes  bytes after the last good frame, ignored
     */
    record Replay(Optional<Long> generation, List<Entry> entries, int tornBytes) {
    }

    /** The framed bytes of {@code entry}, ready to append. */
    static byte[] frame(Entry entry) {
        BodyWriter w = new BodyWriter(64);
        switch (entry) {
            case Header h -> w.u8(0).i64(h.generation());
            case Held h -> {
                w.u8(1).id(h.key()).i64(h.expiresAtMillis());
                source(w, h.source());
                w.u16(h.value().length).bytes(h.value());
            }
            case Dropped d -> w.u8(2).id(d.key());
            case Published p -> w.u8(3).id(p.key()).i64(p.untilMillis()).u16(p.value().length).bytes(p.value());
            case Unpublished u -> w.u8(4).id(u.key());
        }
        byte[] payload = w.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        return new BodyWriter(FRAME_HEADER + payload.length).u32(payload.length).u32(crc.getValue()).bytes(payload)
                .toByteArray();
    }

    /** Writes a source as the log and the snapshot do. */
    static void source(BodyWriter w, Optional<InetAddress> source) {
        if (source.isEmpty()) {
            w.u8(0);
            return;
        }
        byte[] a = source.get().getAddress();
        w.u8(a.length == 4 ? 4 : 6).bytes(a);
    }

    /** Reads a source as {@link #source(BodyWriter, Optional)} wrote it. */
    static Optional<InetAddress> source(BodyReader r) {
        int family = r.u8();
        int length = switch (family) {
            case 0 -> 0;
            case 4 -> 4;
            case 6 -> 16;
            default -> throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "source family " + family);
        };
        if (length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(r.bytes(length, "a source address")));
        } catch (UnknownHostException impossible) {
            throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "source address");
        }
    }

    /** Decodes a whole log; never throws on bad input, it stops at the first frame it cannot use. */
    static Replay replay(byte[] log, int maxValueBytes) {
        List<Entry> entries = new ArrayList<>();
        Optional<Long> generation = Optional.empty();
        int at = 0;
        while (log.length - at >= FRAME_HEADER) {
            BodyReader head = new BodyReader(java.util.Arrays.copyOfRange(log, at, at + FRAME_HEADER));
            long length = head.u32();
            long expected = head.u32();
            if (length == 0 || length > MAX_PAYLOAD || length > log.length - at - FRAME_HEADER) {
                break;
            }
            CRC32 crc = new CRC32();
            crc.update(log, at + FRAME_HEADER, (int) length);
            if (crc.getValue() != expected) {
                break;
            }
            Entry e;
            try {
                e = entry(java.util.Arrays.copyOfRange(log, at + FRAME_HEADER, at + FRAME_HEADER + (int) length),
                        maxValueBytes);
            } catch (MalformedBodyException bad) {
                break;
            }
            if (generation.isEmpty()) {
                if (!(e instanceof Header h)) {
                    break;
                }
                generation = Optional.of(h.generation());
            } else if (e instanceof Header) {
                break;
            } else {
                entries.add(e);
            }
            at += FRAME_HEADER + (int) length;
        }
        return new Replay(generation, generation.isEmpty() ? List.of() : entries, log.length - at);
    }

    private static Entry entry(byte[] payload, int maxValueBytes) {
        BodyReader r = new BodyReader(payload);
        int type = r.u8();
        Entry e = switch (type) {
            case 0 -> new Header(r.i64());
            case 1 -> {
                PeerId key = r.id();
                long expires = r.i64();
                Optional<InetAddress> source = source(r);
                yield new Held(key, expires, source, value(r, maxValueBytes));
            }
            case 2 -> new Dropped(r.id());
            case 3 -> {
                PeerId key = r.id();
                long until = r.i64();
                yield new Published(key, until, value(r, maxValueBytes));
            }
            case 4 -> new Unpublished(r.id());
            default -> throw new MalformedBodyException(RejectReason.CORRUPT_STATE, "log entry type " + type);
        };
        r.end();
        return e;
    }

    static byte[] value(BodyReader r, int maxValueBytes) {
        int length = r.u16();
        if (length > maxValueBytes) {
            throw new MalformedBodyException(RejectReason.VALUE_TOO_LARGE, length + " bytes");
        }
        return r.bytes(length, "a value");
    }
}
