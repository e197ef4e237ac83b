package peerconnect.domain;

import java.nio.ByteBuffer;

/**
 * Pure encoder and total decoder of the envelope, as specified byte by byte in {@code docs/PROTOCOL.md}.
 *
 * <pre>
 * offset size field
 *  0      1   root code
 *  1      1   op (the service's op byte: PING, FIND_NODE, ...)
 *  2      1   version (1)
 *  3      1   flags: bit 0 = reply; bits 1-7 reserved, must be 0
 *  4      8   message id, big-endian
 * 12     20   sender peer id
 * 32      2   body length n, big-endian unsigned
 * 34      n   body
 * </pre>
 *
 * <p>Decoding is total: any byte array yields a {@link DecodeResult.Decoded} or a
 * {@link DecodeResult.Rejected}, never an exception. Instances are immutable and thread-safe.
 */
public final class EnvelopeCodec {
    /** The wire version this codec writes and the only one it reads. */
    public static final int VERSION = 1;
    /** Bytes before the body. */
    public static final int HEADER_BYTES = 34;
    /**
     * Default maximum datagram: 1280 (IPv6 minimum MTU) - 40 (IPv6 header) - 8 (UDP header), so a
     * datagram never needs IP fragmentation on any IPv6 path.
     */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1232;
    /** Largest maximum accepted as a setting: a UDP payload over IPv4. */
    public static final int LARGEST_MAX_DATAGRAM_BYTES = 65_507;

    private static final int FLAG_REPLY = 0x01;
    private static final int RESERVED_FLAGS = 0xfe;

    private final int maxDatagramBytes;

    private EnvelopeCodec(int maxDatagramBytes) {
        if (maxDatagramBytes < HEADER_BYTES || maxDatagramBytes > LARGEST_MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("max datagram size must be in " + HEADER_BYTES + ".."
                    + LARGEST_MAX_DATAGRAM_BYTES + " bytes, got " + maxDatagramBytes);
        }
        this.maxDatagramBytes = maxDatagramBytes;
    }

    /** A codec with the default 1232-byte limit. */
    public static EnvelopeCodec create() {
        return new EnvelopeCodec(DEFAULT_MAX_DATAGRAM_BYTES);
    }

    /** A codec refusing datagrams larger than {@code maxDatagramBytes}. */
    public static EnvelopeCodec withMaxDatagramBytes(int maxDatagramBytes) {
        return new EnvelopeCodec(maxDatagramBytes);
    }

    public int maxDatagramBytes() {
        return maxDatagramBytes;
    }

    /** Largest body that still fits a datagram. */
    public int maxBodyBytes() {
        return maxDatagramBytes - HEADER_BYTES;
    }

    /**
     * The datagram for {@code message}.
     *
     * @throws MessageTooLargeException if it would exceed the maximum datagram size
     */
    public byte[] encode(Message message) {
        int n = message.bodyLength();
        if (n > maxBodyBytes()) {
            throw new MessageTooLargeException(HEADER_BYTES + n, maxDatagramBytes);
        }
        byte[] out = new byte[HEADER_BYTES + n];
        out[0] = message.rootCode().code();
        out[1] = message.op();
        out[2] = (byte) message.version();
        out[3] = (byte) (message.kind() == MessageKind.REPLY ? FLAG_REPLY : 0);
        long id = message.id().value();
        for (int i = 0; i < 8; i++) {
            out[4 + i] = (byte) (id >>> (56 - 8 * i));
        }
        message.sender().writeTo(out, 12);
        out[32] = (byte) (n >>> 8);
        out[33] = (byte) n;
        message.writeBodyTo(out, HEADER_BYTES);
        return out;
    }

    /** Decodes a whole array. */
    public DecodeResult decode(byte[] datagram) {
        return decode(datagram, 0, datagram.length);
    }

    /** Decodes the bytes between position and limit of {@code datagram}; its position is left as it was. */
    public DecodeResult decode(ByteBuffer datagram) {
        int length = datagram.remaining();
        if (datagram.hasArray()) {
            return decode(datagram.array(), datagram.arrayOffset() + datagram.position(), length);
        }
        if (length > maxDatagramBytes) {
            return oversize(length);
        }
        // A direct buffer (a socket's reused receive buffer): copy out only the header, which the checks
        // read, and later the body straight into the message, never the whole datagram into a temporary.
        byte[] header = new byte[Math.min(length, HEADER_BYTES)];
        datagram.get(datagram.position(), header);
        return decode(header, 0, length, datagram, datagram.position() + HEADER_BYTES);
    }

    /** Decodes {@code length} bytes of {@code data} from {@code offset}. */
    public DecodeResult decode(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            return new DecodeResult.Rejected(DropReason.TRUNCATED, "range " + offset + "+" + length
                    + " outside a " + data.length + "-byte array");
        }
        return decode(data, offset, length, null, 0);
    }

    /**
     * The checks and the message, for a datagram of {@code length} bytes whose first
     * {@code min(length, HEADER_BYTES)} bytes are in {@code data} from {@code offset}; the body is read
     * from {@code data} too, or, if {@code bodySource} is given, from it at {@code bodyAt}.
     */
    private DecodeResult decode(byte[] data, int offset, int length, ByteBuffer bodySource, int bodyAt) {
        if (length > maxDatagramBytes) {
            return oversize(length);
        }
        if (length < 3) {
            return new DecodeResult.Rejected(DropReason.TRUNCATED, length + " bytes, no room for a header");
        }
        var rootCode = RootCode.of(data[offset]);
        if (rootCode.isEmpty()) {
            return new DecodeResult.Rejected(DropReason.UNKNOWN_ROOT_CODE,
                    String.format("root code 0x%02x", data[offset] & 0xff));
        }
        // The version is checked before the header length: another version may lay out its header differently.
        int version = data[offset + 2] & 0xff;
        if (version != VERSION) {
            return new DecodeResult.Rejected(DropReason.UNSUPPORTED_VERSION, "version " + version);
        }
        if (length < HEADER_BYTES) {
            return new DecodeResult.Rejected(DropReason.TRUNCATED,
                    length + " bytes, header needs " + HEADER_BYTES);
        }
        int flags = data[offset + 3] & 0xff;
        if ((flags & RESERVED_FLAGS) != 0) {
            return new DecodeResult.Rejected(DropReason.MALFORMED, String.format("reserved flags 0x%02x", flags));
        }
        int bodyLength = ((data[offset + 32] & 0xff) << 8) | (data[offset + 33] & 0xff);
        int available = length - HEADER_BYTES;
        if (bodyLength > available) {
            return new DecodeResult.Rejected(DropReason.TRUNCATED,
                    "body declares " + bodyLength + " bytes, " + available + " present");
        }
        if (bodyLength < available) {
            return new DecodeResult.Rejected(DropReason.MALFORMED,
                    (available - bodyLength) + " bytes after the declared body");
        }
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (data[offset + 4 + i] & 0xff);
        }
        byte[] body = new byte[bodyLength];
        if (bodySource == null) {
            System.arraycopy(data, offset + HEADER_BYTES, body, 0, bodyLength);
        } else {
            bodySource.get(bodyAt, body);
        }
        return new DecodeResult.Decoded(new Message(rootCode.get(), version, data[offset + 1],
                (flags & FLAG_REPLY) != 0 ? MessageKind.REPLY : MessageKind.REQUEST,
                new MessageId(id), PeerId.read(data, offset + 12), body));
    }

    /**
     * Whether the {@code length} bytes of {@code data} from {@code offset} carry the header of a reply
     * that {@link #decode} would accept as far as the header goes (size, root code, version, flags, body
     * length), checked without decoding. A datagram that passes is one {@code decode} would read as
     * a reply with the id {@link #messageIdAt} reads, so it may be dropped on that id alone, with the
     * reason {@code decode} and the reply registry would have given it.
     */
    boolean isReplyHeader(byte[] data, int offset, int length) {
        if (length < HEADER_BYTES || length > maxDatagramBytes || offset < 0 || offset > data.length - HEADER_BYTES) {
            return false;
        }
        int bodyLength = ((data[offset + 32] & 0xff) << 8) | (data[offset + 33] & 0xff);
        return RootCode.of(data[offset]).isPresent() && (data[offset + 2] & 0xff) == VERSION
                && (data[offset + 3] & 0xff) == FLAG_REPLY && bodyLength == length - HEADER_BYTES;
    }

    /** {@link #isReplyHeader(byte[], int, int)} for the bytes between position and limit of {@code datagram} (left unchanged). */
    boolean isReplyHeader(ByteBuffer datagram) {
        int length = datagram.remaining();
        int at = datagram.position();
        if (length < HEADER_BYTES || length > maxDatagramBytes) {
            return false;
        }
        int bodyLength = datagram.getShort(at + 32) & 0xffff;
        return RootCode.of(datagram.get(at)).isPresent() && (datagram.get(at + 2) & 0xff) == VERSION
                && (datagram.get(at + 3) & 0xff) == FLAG_REPLY && bodyLength == length - HEADER_BYTES;
    }

    /** The message id of the header at the position of {@code datagram} (at least {@link #HEADER_BYTES} there). */
    static MessageId messageIdAt(ByteBuffer datagram) {
        return new MessageId(datagram.getLong(datagram.position() + 4));
    }

    /** The message id of the header at {@code offset} of {@code data} (at least {@link #HEADER_BYTES} there). */
    static MessageId messageIdAt(byte[] data, int offset) {
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = (id << 8) | (data[offset + 4 + i] & 0xff);
        }
        return new MessageId(id);
    }

    private DecodeResult oversize(int length) {
        return new DecodeResult.Rejected(DropReason.OVERSIZE, length + " bytes, limit " + maxDatagramBytes);
    }
}
