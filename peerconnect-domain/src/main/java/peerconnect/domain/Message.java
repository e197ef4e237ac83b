package peerconnect.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The envelope every datagram carries (byte layout in {@code docs/PROTOCOL.md}).
 *
 * @param rootCode which service the message is for
 * @param version  wire version it was written with
 * @param op       the service's op byte (e.g. PING, FIND_NODE), interpreted by the service only;
 *                 the envelope's "header" is the whole 34-byte prefix, never this byte
 * @param kind     request or reply
 * @param id       message id; a reply repeats its request's id
 * @param sender   peer id of the node that wrote the message
 * @param body     service payload; immutable — the array is copied in and out
 */
public record Message(RootCode rootCode, int version, byte op, MessageKind kind, MessageId id, PeerId sender,
                      byte[] body) {

    public Message {
        Objects.requireNonNull(rootCode, "rootCode");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        if (version < 0 || version > 0xff) {
            throw new IllegalArgumentException("version is one byte: " + version);
        }
        body = body.clone();
    }

    /** A request of the current wire version. */
    public static Message request(RootCode rootCode, byte op, MessageId id, PeerId sender, byte[] body) {
        return new Message(rootCode, EnvelopeCodec.VERSION, op, MessageKind.REQUEST, id, sender, body);
    }

    /** The reply to this message: same root code and id, written by {@code replier}. */
    public Message replyWith(byte replyOp, PeerId replier, byte[] replyBody) {
        return new Message(rootCode, EnvelopeCodec.VERSION, replyOp, MessageKind.REPLY, id, replier, replyBody);
    }

    /** The body (a copy). */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A read-only view of the body, without copying. */
    public ByteBuffer bodyBuffer() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    public int bodyLength() {
        return body.length;
    }

    void writeBodyTo(byte[] target, int offset) {
        System.arraycopy(body, 0, target, offset, body.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m
                && rootCode == m.rootCode && version == m.version && op == m.op && kind == m.kind
                && id.equals(m.id) && sender.equals(m.sender) && Arrays.equals(body, m.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rootCode, version, op, kind, id, sender, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        String b = body.length <= 16 ? HexFormat.of().formatHex(body) : body.length + " bytes";
        return "Message[" + rootCode + " v" + version + " op=0x" + HexFormat.of().toHexDigits(op) + " " + kind
                + " id=" + id + " from=" + sender.shortHex() + " body=" + b + "]";
    }
}
