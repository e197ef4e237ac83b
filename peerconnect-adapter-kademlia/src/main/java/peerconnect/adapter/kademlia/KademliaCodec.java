package peerconnect.adapter.kademlia;

import java.util.Arrays;
import java.util.List;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.NodeRecord;

/**
 * The Kademlia request bodies, byte by byte as in docs/PROTOCOL.md ("Kademlia"): requests as records,
 * pure encode/decode functions, and the status and lookup-reply types both directions name; the reply
 * bodies are encoded and decoded by {@link ReplyCodec}. Decoding checks every length and throws only
 * {@link MalformedBodyException}, which callers turn into a counted {@link RejectReason}.
 */
final class KademliaCodec {
    /** STORE header before the value: key 20 + TTL 4 + length 2. */
    static final int STORE_OVERHEAD = PeerId.BYTES + 4 + 2;


    /** Bytes of a value's digest in a REFRESH: the first 16 of its SHA-256. */
    static final int DIGEST_BYTES = 16;

    /**
     * The byte after a PING's or FIND_NODE's fields that asks for the answering peer's node record:
     * record requests of layout 1 (docs/PROTOCOL.md, "Contacts prove their id"). Zero padding may follow it.
     */
    static final byte RECORD_REQUEST = 0x01;


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
}
