package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.NodeRecord;

/**
 * The Kademlia bodies, byte by byte as in docs/PROTOCOL.md ("Kademlia"): requests as records, and
 * pure encode/decode functions. Decoding checks every length and throws only
 * {@link MalformedBodyException}, which callers turn into a counted {@link RejectReason}.
 */
final class KademliaCodec {
    /** Most contacts a reply carries: k = 20 of the largest (IPv6) form fit in a 1232-byte datagram. */
    static final int MAX_CONTACTS = 20;
    /** STORE header before the value: key 20 + TTL 4 + length 2. */
    static final int STORE_OVERHEAD = PeerId.BYTES + 4 + 2;

    /** FIND_VALUE reply bytes besides the value: tag 1 + length 2. */
    static final int FOUND_VALUE_OVERHEAD = 3;

    /** Bytes of a value's digest in a REFRESH: the first 16 of its SHA-256. */
    static final int DIGEST_BYTES = 16;

    /**
     * The byte after a PING's or FIND_NODE's fields that asks for the answering peer's node record:
     * record requests of layout 1 (docs/PROTOCOL.md, "Contacts prove their id"). Zero padding may follow it.
     */
    static final byte RECORD_REQUEST = 0x01;

    static final int TAG_CONTACTS = 0;
    static final int TAG_FOUND = 1;

    /** Outcome of a STORE or STORE_PEERS_IN_LIST (append only). */
    enum StoreStatus {
        STORED(0), REFUSED_TOO_LARGE(1), REFUSED_FULL(2), REFUSED_NOT_A_LIST_KEY(3), REFUSED_SOURCE_QUOTA(4),
        /** A deletion (TTL 0) of a value that another source stored. */
        REFUSED_NOT_SOURCE(5);

        final int code;

        StoreStatus(int code) {
            this.code = code;
        }

        static StoreStatus of(int code) {
            for (StoreStatus s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new MalformedBodyException(RejectReason.BAD_FIELD, "store status " + code);
        }
    }

    /** A decoded Kademlia request. */
    sealed interface Request {
        KademliaOp op();

        /** Whether the request asks the peer for its signed node record (docs/PROTOCOL.md, "Contacts prove their id"). */
        default boolean asksRecord() {
            return false;
        }
    }

    /** @param asksRecord whether the answer should carry the peer's node record */
    record Ping(boolean asksRecord) implements Request {
        /** A PING that asks for nothing. */
        Ping() {
            this(false);
        }

        public KademliaOp op() {
            return KademliaOp.PING;
        }
    }

    record Store(PeerId key, long ttlSeconds, byte[] value) implements Request {
        public KademliaOp op() {
            return KademliaOp.STORE;
        }
    }

    /** @param asksRecord whether the answer should carry the peer's node record besides its contacts */
    record FindNode(PeerId target, boolean asksRecord) implements Request {
        /** A FIND_NODE that asks for contacts only. */
        FindNode(PeerId target) {
            this(target, false);
        }

        public KademliaOp op() {
            return KademliaOp.FIND_NODE;
        }
    }

    record FindValue(PeerId key) implements Request {
        public KademliaOp op() {
            return KademliaOp.FIND_VALUE;
        }
    }

    record StorePeerInList(PeerId listKey, NodeRecord record) implements Request {
        public KademliaOp op() {
            return KademliaOp.STORE_PEERS_IN_LIST;
        }
    }

    record FindPeerList(PeerId listKey) implements Request {
        public KademliaOp op() {
            return KademliaOp.FIND_PEER_LIST;
        }
    }

    record SearchPeers(PeerId listKey, String query) implements Request {
        public KademliaOp op() {
            return KademliaOp.SEARCH_PEERS;
        }
    }

    /**
     * Asks a peer to keep {@code key} for {@code ttlSeconds} more if it holds, for this sender's
     * address, the value whose digest is {@code digest}: a republish that costs 40 bytes instead of a
     * STORE when the value is already there.
     */
    record Refresh(PeerId key, long ttlSeconds, byte[] digest) implements Request {
        public Refresh {
            if (digest.length != DIGEST_BYTES) {
                throw new IllegalArgumentException("a digest is " + DIGEST_BYTES + " bytes, got " + digest.length);
            }
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        public KademliaOp op() {
            return KademliaOp.REFRESH;
        }
    }

    /** A REFRESH's answer (append only). */
    enum RefreshStatus {
        /** The peer holds the same value for this sender and keeps it for the TTL asked. */
        REFRESHED(0),
        /** The peer does not hold that value for this sender: a STORE must follow. */
        NOT_HELD(1);

        final int code;

        RefreshStatus(int code) {
            this.code = code;
        }

        static RefreshStatus of(int code) {
            for (RefreshStatus s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            throw new MalformedBodyException(RejectReason.BAD_FIELD, "refresh status " + code);
        }
    }

    /** The digest a REFRESH carries: the first {@link #DIGEST_BYTES} bytes of the value's SHA-256. */
    static byte[] digest(byte[] value) {
        try {
            return Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-256").digest(value), DIGEST_BYTES);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What a lookup step learns from one peer: closer contacts, or what it was looking for. */
    sealed interface LookupReply {
    }

    record Contacts(List<PeerContact> contacts) implements LookupReply {
    }

    record Value(byte[] value) implements LookupReply {
    }

    record Records(List<NodeRecord> records) implements LookupReply {
    }

    /** A FIND_NODE answer: the contacts, and the answering peer's own record if it was asked for it. */
    record NodesReply(List<PeerContact> contacts, Optional<NodeRecord> record) {
    }

    private KademliaCodec() {
    }

    // ---- requests ----

    static byte[] encode(Request request) {
        return switch (request) {
            case Ping p -> p.asksRecord() ? new byte[] {RECORD_REQUEST} : new byte[0];
            case Store s -> new BodyWriter(STORE_OVERHEAD + s.value().length)
                    .id(s.key()).u32(s.ttlSeconds()).u16(s.value().length).bytes(s.value()).toByteArray();
            case FindNode f -> f.asksRecord()
                    ? new BodyWriter(PeerId.BYTES + 1).id(f.target()).u8(RECORD_REQUEST).toByteArray()
                    : f.target().toBytes();
            case FindValue f -> f.key().toBytes();
            case StorePeerInList s -> new BodyWriter(PeerId.BYTES + BodyWriter.recordSize(s.record())).id(s.listKey()).record(s.record()).toByteArray();
            case FindPeerList f -> f.listKey().toBytes();
            case Refresh f -> new BodyWriter(PeerId.BYTES + 4 + DIGEST_BYTES)
                    .id(f.key()).u32(f.ttlSeconds()).bytes(f.digest()).toByteArray();
            case SearchPeers s -> {
                byte[] q = BodyWriter.nameBytes(s.query());
                yield new BodyWriter(PeerId.BYTES + 1 + q.length).id(s.listKey()).u8(q.length).bytes(q).toByteArray();
            }
        };
    }

    /** Decodes a request body; {@code maxValueBytes} bounds STORE values. */
    static Request decodeRequest(byte opByte, byte[] body, int maxValueBytes) {
        KademliaOp h = KademliaOp.ofRequest(opByte);
        if (h == null) {
            throw new MalformedBodyException(RejectReason.UNKNOWN_SUB_HEADER,
                    String.format("0x%02x", opByte & 0xff));
        }
        BodyReader r = new BodyReader(body);
        Request request = switch (h) {
            case PING -> new Ping(r.recordRequest());
            case STORE -> {
                PeerId key = r.id();
                long ttl = r.u32();
                int length = r.u16();
                if (length > maxValueBytes) {
                    throw new MalformedBodyException(RejectReason.VALUE_TOO_LARGE, length + " bytes");
                }
                yield new Store(key, ttl, r.bytes(length, "the value"));
            }
            case FIND_NODE -> new FindNode(r.id(), r.recordRequest());
            case FIND_VALUE -> new FindValue(r.id());
            case STORE_PEERS_IN_LIST -> new StorePeerInList(r.id(), r.record());
            case FIND_PEER_LIST -> new FindPeerList(r.id());
            case SEARCH_PEERS -> new SearchPeers(r.id(), r.name());
            case REFRESH -> {
                PeerId key = r.id();
                long ttl = r.u32();
                if (ttl == 0) {
                    // A deletion is a STORE with TTL 0; a refresh always extends.
                    throw new MalformedBodyException(RejectReason.BAD_FIELD, "refresh TTL 0");
                }
                yield new Refresh(key, ttl, r.bytes(DIGEST_BYTES, "the digest"));
            }
        };
        if (isPaddable(h) || request.asksRecord()) {
            r.zeroPadding();
        } else {
            r.end();
        }
        return request;
    }

    /**
     * The requests whose answer can be large, so that a requester may pad them with zeros; a PING
     * may be padded too once it asks for a record.
     */
    static boolean isPaddable(KademliaOp h) {
        return h == KademliaOp.FIND_NODE || h == KademliaOp.FIND_VALUE || h == KademliaOp.FIND_PEER_LIST
                || h == KademliaOp.SEARCH_PEERS;
    }

    /**
     * {@code body} followed by zeros up to {@code bodyBytes} bytes (unchanged if already as long): a padded request's budget at a peer that has not verified us is three times
     * its size, so padding to a third of the largest answer earns the full answer.
     */
    static byte[] padded(byte[] body, int bodyBytes) {
        return body.length >= bodyBytes ? body : Arrays.copyOf(body, bodyBytes);
    }

    // ---- replies ----

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
