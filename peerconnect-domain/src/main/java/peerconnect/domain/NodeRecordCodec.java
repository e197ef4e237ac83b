package peerconnect.domain;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes {@link NodeRecord}s (layout in {@code docs/PROTOCOL.md}, "Node records"). Pure
 * and total: {@link #decode} turns any bytes into a record or a {@link Rejected} reason, never an
 * exception. It checks structure only; whether the signature holds is the {@link NodeRecordBook}'s
 * business. Big-endian.
 */
public final class NodeRecordCodec {
    /** The layout version byte this codec writes and reads. */
    public static final byte VERSION = 0x01;
    /** Longest name, in bytes of UTF-8 (as a Kademlia peer-list name). */
    public static final int MAX_NAME_BYTES = 64;
    /** Most addresses a record lists. */
    public static final int MAX_ADDRESSES = 4;
    /** Largest encoded record: four IPv6 addresses and a 64-byte name. */
    public static final int MAX_BYTES = 1 + 8 + NodeKey.KEY_BYTES + 1 + MAX_NAME_BYTES + 1
            + MAX_ADDRESSES * (1 + 16 + 2) + NodeKey.SIGNATURE_BYTES;
    private static final byte[] TAG = "peerconnect record v1".getBytes(StandardCharsets.US_ASCII);

    private NodeRecordCodec() {
    }

    /** Why bytes are not a record. */
    public enum Rejection {
        /** Shorter than a field it declares. */
        TRUNCATED,
        /** Bytes follow the signature. */
        TRAILING_BYTES,
        /** A layout version this node does not know. */
        UNKNOWN_VERSION,
        /** A name longer than {@value #MAX_NAME_BYTES} bytes, or not valid UTF-8. */
        BAD_NAME,
        /** No address, more than {@value #MAX_ADDRESSES}, an unknown family, or one that is not unicast. */
        BAD_ADDRESS
    }

    /** What {@link #decode} found. */
    public sealed interface Result {
    }

    /** A well-formed record (its signature not yet checked) and the bytes it took. */
    public record Decoded(NodeRecord record, int length) implements Result {
    }

    /** Not a record, and why. */
    public record Rejected(Rejection reason) implements Result {
    }

    /** The record's bytes. */
    public static byte[] encode(NodeRecord r) {
        byte[] body = content(r.name(), r.addresses(), r.sequence(), r.publicKey());
        return ByteBuffer.allocate(body.length + NodeKey.SIGNATURE_BYTES).put(body).put(r.signature()).array();
    }

    /** Encoded length of {@code r}. */
    public static int size(NodeRecord r) {
        int size = 1 + 8 + NodeKey.KEY_BYTES + 1 + utf8(r.name()).length + 1 + NodeKey.SIGNATURE_BYTES;
        for (NodeAddress a : r.addresses()) {
            size += 1 + a.ip().getAddress().length + 2;
        }
        return size;
    }

    /**
     * The bytes a record's signature covers: the ASCII tag {@code "peerconnect record v1"} (21 bytes),
     * then the record's encoding up to the signature (version, sequence, key, name, addresses).
     */
    public static byte[] signedBytes(String name, List<NodeAddress> addresses, long sequence, byte[] publicKey) {
        checkContent(name, addresses);
        byte[] body = content(name, addresses, sequence, publicKey);
        return ByteBuffer.allocate(TAG.length + body.length).put(TAG).put(body).array();
    }

    /**
     * Decodes one record at the buffer's position, leaving the position after it (unchanged if
     * refused), and requiring nothing after it only if {@code whole}. Never throws.
     */
    public static Result decode(ByteBuffer in, boolean whole) {
        int start = in.position();
        Result r = read(in);
        if (r instanceof Decoded && whole && in.hasRemaining()) {
            r = new Rejected(Rejection.TRAILING_BYTES);
        }
        if (r instanceof Rejected) {
            in.position(start);
        }
        return r;
    }

    /** The whole of {@code bytes} as one record, or why not. Never throws. */
    public static Result decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes), true);
    }

    private static Result read(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < 1 + 8 + NodeKey.KEY_BYTES + 1) {
            return new Rejected(Rejection.TRUNCATED);
        }
        if (in.get() != VERSION) {
            return new Rejected(Rejection.UNKNOWN_VERSION);
        }
        long sequence = in.getLong();
        byte[] key = new byte[NodeKey.KEY_BYTES];
        in.get(key);
        int nameLength = in.get() & 0xff;
        if (nameLength > MAX_NAME_BYTES) {
            return new Rejected(Rejection.BAD_NAME);
        }
        if (in.remaining() < nameLength + 1) {
            return new Rejected(Rejection.TRUNCATED);
        }
        ByteBuffer nameBytes = in.slice(in.position(), nameLength);
        in.position(in.position() + nameLength);
        String name;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(nameBytes);
            name = chars.toString();
        } catch (CharacterCodingException e) {
            return new Rejected(Rejection.BAD_NAME);
        }
        int count = in.get() & 0xff;
        if (count < 1 || count > MAX_ADDRESSES) {
            return new Rejected(Rejection.BAD_ADDRESS);
        }
        List<NodeAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (!in.hasRemaining()) {
                return new Rejected(Rejection.TRUNCATED);
            }
            int family = in.get() & 0xff;
            int ipLength = family == 4 ? 4 : family == 6 ? 16 : -1;
            if (ipLength < 0) {
                return new Rejected(Rejection.BAD_ADDRESS);
            }
            if (in.remaining() < ipLength + 2) {
                return new Rejected(Rejection.TRUNCATED);
            }
            byte[] ip = new byte[ipLength];
            in.get(ip);
            NodeAddress address = NodeAddress.of(ip, in.getShort() & 0xffff);
            if (!address.isUnicast()) {
                return new Rejected(Rejection.BAD_ADDRESS);
            }
            addresses.add(address);
        }
        if (in.remaining() < NodeKey.SIGNATURE_BYTES) {
            return new Rejected(Rejection.TRUNCATED);
        }
        byte[] signature = new byte[NodeKey.SIGNATURE_BYTES];
        in.get(signature);
        return new Decoded(new NodeRecord(name, addresses, sequence, key, signature), in.position() - start);
    }

    /** Fails with {@link IllegalArgumentException} if a record could not hold this name and these addresses. */
    static void checkContent(String name, List<NodeAddress> addresses) {
        if (utf8(name).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a record's name is at most " + MAX_NAME_BYTES + " bytes of UTF-8: "
                    + name);
        }
        if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a record lists 1 to " + MAX_ADDRESSES + " addresses, got "
                    + addresses.size());
        }
        for (NodeAddress a : addresses) {
            if (!a.isUnicast()) {
                throw new IllegalArgumentException("a record's addresses are unicast: " + a);
            }
        }
    }

    private static byte[] content(String name, List<NodeAddress> addresses, long sequence, byte[] publicKey) {
        byte[] nameBytes = utf8(name);
        int size = 1 + 8 + NodeKey.KEY_BYTES + 1 + nameBytes.length + 1;
        for (NodeAddress a : addresses) {
            size += 1 + a.ip().getAddress().length + 2;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putLong(sequence).put(publicKey)
                .put((byte) nameBytes.length).put(nameBytes).put((byte) addresses.size());
        for (NodeAddress a : addresses) {
            byte[] ip = a.ip().getAddress();
            out.put((byte) (ip.length == 4 ? 4 : 6)).put(ip).putShort((short) a.port());
        }
        return out.array();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
