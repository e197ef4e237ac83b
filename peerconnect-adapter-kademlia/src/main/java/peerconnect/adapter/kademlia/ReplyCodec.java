package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import peerconnect.adapter.kademlia.KademliaCodec.Contacts;
import peerconnect.adapter.kademlia.KademliaCodec.LookupReply;
import peerconnect.adapter.kademlia.KademliaCodec.Records;
import peerconnect.adapter.kademlia.KademliaCodec.RefreshStatus;
import peerconnect.adapter.kademlia.KademliaCodec.StoreStatus;
import peerconnect.adapter.kademlia.KademliaCodec.Value;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerContact;

/**
 * The Kademlia reply bodies, byte by byte as in docs/PROTOCOL.md ("Kademlia"): statuses, contacts,
 * values and records, each cut to the reply budget it is given, and the pure functions that decode
 * them; the requests they answer are encoded and decoded by {@link KademliaCodec}. Decoding checks
 * every length and throws only {@link MalformedBodyException}, which callers turn into a counted
 * {@link RejectReason}.
 */
final class ReplyCodec {
    /** Most contacts a reply carries: k = 20 of the largest (IPv6) form fit in a 1232-byte datagram. */
    static final int MAX_CONTACTS = 20;

    /** FIND_VALUE reply bytes besides the value: tag 1 + length 2. */
    static final int FOUND_VALUE_OVERHEAD = 3;

    static final int TAG_CONTACTS = 0;
    static final int TAG_FOUND = 1;

    /** A FIND_NODE answer: the contacts, and the answering peer's own record if it was asked for it. */
    record NodesReply(List<PeerContact> contacts, Optional<NodeRecord> record) {
    }

    private ReplyCodec() {
    }

    static byte[] status(StoreStatus s) {
        return new byte[] {(byte) s.code};
    }

    static byte[] refreshStatus(RefreshStatus s) {
        return new byte[] {(byte) s.code};
    }

    static RefreshStatus decodeRefreshStatus(byte[] body) {
        BodyReader r = new BodyReader(body);
        RefreshStatus s = RefreshStatus.of(r.u8());
        r.end();
        return s;
    }

    static StoreStatus decodeStatus(byte[] body) {
        BodyReader r = new BodyReader(body);
        StoreStatus s = StoreStatus.of(r.u8());
        r.end();
        return s;
    }

    /** count (1) and the contacts. */
    static byte[] contacts(List<PeerContact> contacts) {
        BodyWriter w = new BodyWriter(1 + contacts.size() * BodyWriter.MAX_CONTACT_BYTES);
        writeContacts(w, contacts);
        return w.toByteArray();
    }

    /** count (1) and as many of {@code contacts}, in order, as fit in {@code maxBody} bytes. */
    static byte[] contacts(List<PeerContact> contacts, int maxBody) {
        return contacts(fitting(contacts, maxBody - 1));
    }

    /** The longest prefix of {@code contacts} whose encoding takes at most {@code room} bytes. */
    static List<PeerContact> fitting(List<PeerContact> contacts, int room) {
        int size = 0;
        int n = 0;
        while (n < contacts.size() && n < MAX_CONTACTS) {
            size += BodyWriter.contactSize(contacts.get(n));
            if (size > room) {
                break;
            }
            n++;
        }
        return contacts.subList(0, n);
    }

    /**
     * A FIND_NODE answer: count (1), the contacts, then {@code record} if given and it fits in
     * {@code maxBody} bytes (before the contacts are cut to fit: a peer that asked needs the record
     * to admit us, and the contacts are only a first step of its lookup).
     */
    static byte[] nodes(List<PeerContact> contacts, Optional<NodeRecord> record, int maxBody) {
        int recordBytes = record.map(BodyWriter::recordSize).orElse(0);
        if (record.isEmpty() || 1 + recordBytes > maxBody) {
            return contacts(contacts, maxBody);
        }
        List<PeerContact> fit = fitting(contacts, maxBody - 1 - recordBytes);
        BodyWriter w = new BodyWriter(1 + fit.size() * BodyWriter.MAX_CONTACT_BYTES + recordBytes);
        writeContacts(w, fit);
        return w.record(record.get()).toByteArray();
    }

    /** A FIND_NODE answer: its contacts and the record that may follow them. */
    static NodesReply decodeNodes(byte[] body) {
        BodyReader r = new BodyReader(body);
        List<PeerContact> list = readContacts(r);
        Optional<NodeRecord> record = r.atEnd() ? Optional.empty() : Optional.of(r.record());
        r.end();
        return new NodesReply(list, record);
    }

    /** A PING answer: empty, or the answering peer's record when it was asked and fits {@code maxBody}. */
    static byte[] pong(Optional<NodeRecord> record, int maxBody) {
        return record.filter(rec -> BodyWriter.recordSize(rec) <= maxBody)
                .map(rec -> new BodyWriter(BodyWriter.recordSize(rec)).record(rec).toByteArray())
                .orElse(new byte[0]);
    }

    /** The record a PING answer carries, if any. */
    static Optional<NodeRecord> decodePong(byte[] body) {
        BodyReader r = new BodyReader(body);
        Optional<NodeRecord> record = r.atEnd() ? Optional.empty() : Optional.of(r.record());
        r.end();
        return record;
    }

    static List<PeerContact> decodeContacts(byte[] body) {
        BodyReader r = new BodyReader(body);
        List<PeerContact> list = readContacts(r);
        r.end();
        return list;
    }

    /** FIND_VALUE, FIND_PEER_LIST and SEARCH_PEERS replies when the peer does not hold the key: tag 0 and contacts. */
    static byte[] closer(List<PeerContact> contacts) {
        BodyWriter w = new BodyWriter(2 + contacts.size() * BodyWriter.MAX_CONTACT_BYTES).u8(TAG_CONTACTS);
        writeContacts(w, contacts);
        return w.toByteArray();
    }

    /** {@link #closer(List)} with as many of {@code contacts} as fit in {@code maxBody} bytes. */
    static byte[] closer(List<PeerContact> contacts, int maxBody) {
        return closer(fitting(contacts, maxBody - 2));
    }

    /** FIND_VALUE reply with the value: tag 1, length (2), value. */
    static byte[] foundValue(byte[] value) {
        return new BodyWriter(3 + value.length).u8(TAG_FOUND).u16(value.length).bytes(value).toByteArray();
    }

    /**
     * FIND_PEER_LIST or SEARCH_PEERS reply with records: tag 1, count (1), records — as many of
     * {@code records} as fit in {@code maxBody} bytes, in order.
     */
    static byte[] foundRecords(List<NodeRecord> records, int maxBody) {
        List<NodeRecord> fitting = new ArrayList<>();
        int size = 2;
        for (NodeRecord rec : records) {
            int s = BodyWriter.recordSize(rec);
            if (size + s > maxBody || fitting.size() == 255) {
                break;
            }
            size += s;
            fitting.add(rec);
        }
        BodyWriter w = new BodyWriter(size).u8(TAG_FOUND).u8(fitting.size());
        for (NodeRecord rec : fitting) {
            w.record(rec);
        }
        return w.toByteArray();
    }

    static LookupReply decodeValueReply(byte[] body, int maxValueBytes) {
        BodyReader r = new BodyReader(body);
        LookupReply reply = switch (r.u8()) {
            case TAG_CONTACTS -> new Contacts(readContacts(r));
            case TAG_FOUND -> {
                int length = r.u16();
                if (length > maxValueBytes) {
                    throw new MalformedBodyException(RejectReason.VALUE_TOO_LARGE, length + " bytes");
                }
                yield new Value(r.bytes(length, "the value"));
            }
            default -> throw new MalformedBodyException(RejectReason.BAD_FIELD, "reply tag");
        };
        r.end();
        return reply;
    }

    static LookupReply decodeRecordsReply(byte[] body) {
        BodyReader r = new BodyReader(body);
        LookupReply reply = switch (r.u8()) {
            case TAG_CONTACTS -> new Contacts(readContacts(r));
            case TAG_FOUND -> {
                int n = r.u8();
                List<NodeRecord> records = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    records.add(r.record());
                }
                yield new Records(records);
            }
            default -> throw new MalformedBodyException(RejectReason.BAD_FIELD, "reply tag");
        };
        r.end();
        return reply;
    }

    private static void writeContacts(BodyWriter w, List<PeerContact> contacts) {
        int n = Math.min(contacts.size(), MAX_CONTACTS);
        w.u8(n);
        for (int i = 0; i < n; i++) {
            w.contact(contacts.get(i));
        }
    }

    private static List<PeerContact> readContacts(BodyReader r) {
        int n = r.u8();
        if (n > MAX_CONTACTS) {
            throw new MalformedBodyException(RejectReason.BAD_FIELD, n + " contacts");
        }
        List<PeerContact> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(r.contact());
        }
        return list;
    }
}
