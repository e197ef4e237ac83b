package peerconnect.adapter.gossip;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Encodes and decodes gossip bodies (byte layouts in {@code docs/PROTOCOL.md}, section Gossip). Pure
 * and total: {@link #decode} turns any op byte and body into a body or a {@link GossipRejection},
 * never an exception. Big-endian, like the envelope.
 */
final class GossipCodec {
    /**
     * Bytes of a SIGNED_MESSAGE body besides its payload: id 8, origin 20, age 1, payload length 2,
     * public key 32, signature 64.
     */
    static final int RUMOR_FIXED_BYTES = 8 + PeerId.BYTES + 1 + 2 + NodeKey.KEY_BYTES + NodeKey.SIGNATURE_BYTES;
    /** What a rumor's signed bytes start with, so that no other signed message of a node can pass for a rumor. */
    private static final byte[] RUMOR_TAG = "peerconnect rumor v1".getBytes(StandardCharsets.US_ASCII);
    /** Longest query or name in bytes of UTF-8: its length is one byte. */
    static final int MAX_TEXT_BYTES = 255;
    /** Most ids one DIGEST may carry: its count is two bytes. */
    static final int MAX_DIGEST_IDS = 0xffff;
    /** Most view entries one SHUFFLE or SHUFFLE_REPLY may carry: far more than a shuffle sends, and one datagram holds them. */
    static final int MAX_SHUFFLE_ENTRIES = 32;
    /** Most rumor ids one SHUFFLE or SHUFFLE_REPLY may carry. */
    static final int MAX_SHUFFLE_IDS = 16;
    /** Bytes of one view entry with an IPv4 address: id 20, address length 1, address 4, port 2, age 1. */
    static final int VIEW_ENTRY_V4_BYTES = PeerId.BYTES + 1 + 4 + 2 + 1;

    private GossipCodec() {
    }

    /** The result of {@link #decode}: a body, or the reason it was refused. */
    sealed interface Result {
    }

    record Decoded(GossipBody body) implements Result {
    }

    record Rejected(GossipRejection reason) implements Result {
    }

    static byte[] encode(GossipBody body) {
        return switch (body) {
            case GossipBody.Rumor r -> encodeRumor(r);
            case GossipBody.SearchRequest s -> encodeSearchRequest(s);
            case GossipBody.SearchReply s -> encodeSearchReply(s);
            case GossipBody.Digest d -> encodeIds(d.ids());
            case GossipBody.PullRequest p -> encodeIds(p.ids());
            case GossipBody.AddressCheck c -> ByteBuffer.allocate(8).putLong(c.token()).array();
            case GossipBody.Shuffle sh -> encodeShuffle(sh);
        };
    }

    /**
     * The body of a gossip datagram whose op byte is {@code op}, or why it is refused; never throws.
     * A payload above {@code maxPayloadBytes} is refused before it is copied.
     */
    static Result decode(byte op, ByteBuffer body, int maxPayloadBytes) {
        GossipOp h = GossipOp.of(op);
        if (h == null) {
            return new Rejected(GossipRejection.UNKNOWN_HEADER);
        }
        ByteBuffer in = body.slice();
        Result r = switch (h) {
            // The unsigned layout of old nodes: its origin could be anyone, so it is refused unread.
            case MESSAGE -> new Rejected(GossipRejection.UNSIGNED);
            case SIGNED_MESSAGE -> decodeRumor(in, maxPayloadBytes);
            case SEARCH_REQ -> decodeSearchRequest(in);
            case SEARCH_REPLY -> decodeSearchReply(in);
            case DIGEST -> decodeIds(in, false);
            case PULL_REQUEST -> decodeIds(in, true);
            case ADDRESS_CHECK -> in.remaining() < 8 ? new Rejected(GossipRejection.TRUNCATED)
                    : new Decoded(new GossipBody.AddressCheck(in.getLong()));
            case SHUFFLE -> decodeShuffle(in, false);
            case SHUFFLE_REPLY -> decodeShuffle(in, true);
        };
        if (r instanceof Decoded && in.hasRemaining()) {
            return new Rejected(GossipRejection.TRAILING_BYTES);
        }
        return r;
    }

    // ---- SIGNED_MESSAGE ------------------------------------------------------------------------

    private static byte[] encodeRumor(GossipBody.Rumor r) {
        byte[] payload = r.payload();
        if (payload.length > 0xffff) {
            throw new IllegalArgumentException("payload longer than 65,535 bytes: " + payload.length);
        }
        ByteBuffer out = ByteBuffer.allocate(RUMOR_FIXED_BYTES + payload.length);
        writeSpreadingHeader(out, r);
        out.putShort((short) payload.length).put(payload);
        out.put(r.signature().publicKey()).put(r.signature().signature());
        return out.array();
    }

    private static Result decodeRumor(ByteBuffer in, int maxPayloadBytes) {
        if (in.remaining() < RUMOR_FIXED_BYTES) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        MessageId id = new MessageId(in.getLong());
        PeerId origin = readPeerId(in);
        int age = in.get() & 0xff;
        int length = in.getShort() & 0xffff;
        if (length > maxPayloadBytes) {
            return new Rejected(GossipRejection.PAYLOAD_TOO_LARGE);
        }
        if (in.remaining() < length + NodeKey.KEY_BYTES + NodeKey.SIGNATURE_BYTES) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        byte[] payload = new byte[length];
        in.get(payload);
        byte[] publicKey = new byte[NodeKey.KEY_BYTES];
        in.get(publicKey);
        byte[] signature = new byte[NodeKey.SIGNATURE_BYTES];
        in.get(signature);
        return new Decoded(new GossipBody.Rumor(id, origin, age, payload, new OriginSignature(publicKey, signature)));
    }

    /**
     * The bytes a rumor's origin signs: the ASCII tag {@code "peerconnect rumor v1"} (20 bytes), rumor
     * id (8), origin (20), payload length (2), payload. The age is left out: forwarders rewrite it.
     */
    static byte[] signedBytes(MessageId id, PeerId origin, byte[] payload) {
        return ByteBuffer.allocate(RUMOR_TAG.length + 8 + PeerId.BYTES + 2 + payload.length).put(RUMOR_TAG)
                .putLong(id.value()).put(origin.toBytes()).putShort((short) payload.length).put(payload).array();
    }

    // ---- SEARCH_REQ ------------------------------------------------------------------------------

    private static byte[] encodeSearchRequest(GossipBody.SearchRequest s) {
        byte[] query = utf8(s.query());
        byte[] ip = s.replyTo().map(a -> a.ip().getAddress()).orElse(new byte[0]);
        ByteBuffer out = ByteBuffer.allocate(29 + 1 + ip.length + (ip.length > 0 ? 2 : 0) + 1 + query.length);
        writeSpreadingHeader(out, s);
        out.put((byte) ip.length).put(ip);
        s.replyTo().ifPresent(a -> out.putShort((short) a.port()));
        out.put((byte) query.length).put(query);
        return out.array();
    }

    private static Result decodeSearchRequest(ByteBuffer in) {
        if (in.remaining() < 29 + 1) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        MessageId id = new MessageId(in.getLong());
        PeerId origin = readPeerId(in);
        int age = in.get() & 0xff;
        int ipLength = in.get() & 0xff;
        Optional<NodeAddress> replyTo = Optional.empty();
        if (ipLength != 0) {
            if (ipLength != 4 && ipLength != 16) {
                return new Rejected(GossipRejection.BAD_ADDRESS);
            }
            if (in.remaining() < ipLength + 2) {
                return new Rejected(GossipRejection.TRUNCATED);
            }
            byte[] ip = new byte[ipLength];
            in.get(ip);
            NodeAddress address = NodeAddress.of(ip, in.getShort() & 0xffff);
            if (!address.isUnicast()) {
                return new Rejected(GossipRejection.NOT_UNICAST);
            }
            replyTo = Optional.of(address);
        }
        Text query = readText(in);
        if (query.rejection() != null) {
            return new Rejected(query.rejection());
        }
        if (query.value().isEmpty()) {
            return new Rejected(GossipRejection.BAD_TEXT);
        }
        return new Decoded(new GossipBody.SearchRequest(id, origin, age, replyTo, query.value()));
    }

    // ---- SEARCH_REPLY ----------------------------------------------------------------------------

    private static byte[] encodeSearchReply(GossipBody.SearchReply s) {
        byte[] name = utf8(s.name());
        return ByteBuffer.allocate(8 + 1 + name.length).putLong(s.id().value()).put((byte) name.length).put(name)
                .array();
    }

    private static Result decodeSearchReply(ByteBuffer in) {
        if (in.remaining() < 8 + 1) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        MessageId id = new MessageId(in.getLong());
        Text name = readText(in);
        if (name.rejection() != null) {
            return new Rejected(name.rejection());
        }
        return new Decoded(new GossipBody.SearchReply(id, name.value()));
    }

    // ---- DIGEST and PULL_REQUEST: a count and that many ids ---------------------------------------

    private static byte[] encodeIds(long[] ids) {
        if (ids.length > MAX_DIGEST_IDS) {
            throw new IllegalArgumentException("a digest holds at most " + MAX_DIGEST_IDS + " ids: " + ids.length);
        }
        ByteBuffer out = ByteBuffer.allocate(2 + 8 * ids.length).putShort((short) ids.length);
        for (long id : ids) {
            out.putLong(id);
        }
        return out.array();
    }

    private static Result decodeIds(ByteBuffer in, boolean pullRequest) {
        if (in.remaining() < 2) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        int count = in.getShort() & 0xffff;
        if (in.remaining() < 8L * count) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = in.getLong();
        }
        return new Decoded(pullRequest ? new GossipBody.PullRequest(ids) : new GossipBody.Digest(ids));
    }

    // ---- SHUFFLE and SHUFFLE_REPLY: a count and that many view entries ----------------------------

    private static byte[] encodeShuffle(GossipBody.Shuffle s) {
        if (s.entries().size() > MAX_SHUFFLE_ENTRIES) {
            throw new IllegalArgumentException("a shuffle holds at most " + MAX_SHUFFLE_ENTRIES + " entries: "
                    + s.entries().size());
        }
        if (s.recent().size() > MAX_SHUFFLE_IDS) {
            throw new IllegalArgumentException("a shuffle holds at most " + MAX_SHUFFLE_IDS + " rumor ids: "
                    + s.recent().size());
        }
        ByteBuffer out = ByteBuffer.allocate(shuffleBytes(s.entries(), s.recent().size()))
                .put((byte) s.entries().size());
        for (ViewEntry e : s.entries()) {
            byte[] ip = e.contact().address().ip().getAddress();
            out.put(e.contact().id().toBytes()).put((byte) ip.length).put(ip)
                    .putShort((short) e.contact().address().port()).put((byte) e.age());
        }
        out.put((byte) s.recent().size());
        for (long id : s.recent()) {
            out.putLong(id);
        }
        return out.array();
    }

    /** Encoded bytes of a SHUFFLE or SHUFFLE_REPLY body with these entries and {@code ids} rumor ids. */
    static int shuffleBytes(List<ViewEntry> entries, int ids) {
        int size = 1 + 1 + 8 * ids;
        for (ViewEntry e : entries) {
            size += entryBytes(e);
        }
        return size;
    }

    /** Encoded bytes of one view entry: {@link #VIEW_ENTRY_V4_BYTES}, or 12 more with an IPv6 address. */
    static int entryBytes(ViewEntry e) {
        return PeerId.BYTES + 1 + e.contact().address().ip().getAddress().length + 2 + 1;
    }

    private static Result decodeShuffle(ByteBuffer in, boolean reply) {
        if (!in.hasRemaining()) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        int count = in.get() & 0xff;
        if (count > MAX_SHUFFLE_ENTRIES) {
            return new Rejected(GossipRejection.TOO_MANY_ENTRIES);
        }
        List<ViewEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.remaining() < PeerId.BYTES + 1) {
                return new Rejected(GossipRejection.TRUNCATED);
            }
            PeerId id = readPeerId(in);
            int ipLength = in.get() & 0xff;
            if (ipLength != 4 && ipLength != 16) {
                return new Rejected(GossipRejection.BAD_ADDRESS);
            }
            if (in.remaining() < ipLength + 2 + 1) {
                return new Rejected(GossipRejection.TRUNCATED);
            }
            byte[] ip = new byte[ipLength];
            in.get(ip);
            NodeAddress address = NodeAddress.of(ip, in.getShort() & 0xffff);
            int age = in.get() & 0xff;
            if (!address.isUnicast()) {
                return new Rejected(GossipRejection.NOT_UNICAST);
            }
            entries.add(new ViewEntry(new PeerContact(id, address), age));
        }
        if (!in.hasRemaining()) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        int idCount = in.get() & 0xff;
        if (idCount > MAX_SHUFFLE_IDS) {
            return new Rejected(GossipRejection.TOO_MANY_ENTRIES);
        }
        if (in.remaining() < 8 * idCount) {
            return new Rejected(GossipRejection.TRUNCATED);
        }
        List<Long> recent = new ArrayList<>(idCount);
        for (int i = 0; i < idCount; i++) {
            recent.add(in.getLong());
        }
        return new Decoded(new GossipBody.Shuffle(entries, recent, reply));
    }

    // ---- shared ----------------------------------------------------------------------------------

    private static void writeSpreadingHeader(ByteBuffer out, GossipBody.Spreading s) {
        out.putLong(s.id().value());
        out.put(s.origin().toBytes());
        out.put((byte) s.age());
    }

    private static PeerId readPeerId(ByteBuffer in) {
        byte[] b = new byte[PeerId.BYTES];
        in.get(b);
        return PeerId.of(b);
    }

    /** A decoded text field: its value, or why it was refused (then {@code value} is empty). */
    private record Text(String value, GossipRejection rejection) {
        static Text refused(GossipRejection why) {
            return new Text("", why);
        }
    }

    /** A one-byte length and that many bytes of UTF-8. */
    private static Text readText(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return Text.refused(GossipRejection.TRUNCATED);
        }
        int length = in.get() & 0xff;
        if (in.remaining() < length) {
            return Text.refused(GossipRejection.TRUNCATED);
        }
        ByteBuffer text = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(text);
            return new Text(chars.toString(), null);
        } catch (CharacterCodingException e) {
            return Text.refused(GossipRejection.BAD_TEXT);
        }
    }

    /** UTF-8 bytes of a query or name; refuses text longer than {@value #MAX_TEXT_BYTES} bytes. */
    static byte[] utf8(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text longer than " + MAX_TEXT_BYTES + " bytes of UTF-8: " + b.length);
        }
        return b;
    }
}
