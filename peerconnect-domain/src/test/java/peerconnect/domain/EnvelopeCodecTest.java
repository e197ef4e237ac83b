package peerconnect.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import peerconnect.testkit.core.TestBytes;

/** The byte-level examples of docs/PROTOCOL.md, and one case per rejection reason. */
class EnvelopeCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private final EnvelopeCodec codec = EnvelopeCodec.create();

    /** PROTOCOL.md, example 1: a Kademlia request, header 0x01, body "hi". */
    static final String EXAMPLE_REQUEST = "00010100" + "0102030405060708" + "11".repeat(20) + "0002" + "6869";
    /** PROTOCOL.md, example 2: its reply, header 0x81, from peer 22…22, empty body. */
    static final String EXAMPLE_REPLY = "00810101" + "0102030405060708" + "22".repeat(20) + "0000";

    private static Message exampleRequest() {
        return Message.request(RootCode.KADEMLIA, (byte) 0x01, new MessageId(0x0102030405060708L),
                PeerId.fromHex("11".repeat(20)), new byte[] {'h', 'i'});
    }

    @Test
    void encodesTheDocumentedRequest() {
        assertEquals(EXAMPLE_REQUEST, HEX.formatHex(codec.encode(exampleRequest())));
    }

    @Test
    void encodesTheDocumentedReply() {
        Message reply = exampleRequest().replyWith((byte) 0x81, PeerId.fromHex("22".repeat(20)), new byte[0]);
        assertEquals(EXAMPLE_REPLY, HEX.formatHex(codec.encode(reply)));
    }

    @Test
    void decodesTheDocumentedRequestFromAnArrayAndABuffer() {
        byte[] bytes = HEX.parseHex(EXAMPLE_REQUEST);
        assertEquals(new DecodeResult.Decoded(exampleRequest()), codec.decode(bytes));
        ByteBuffer direct = ByteBuffer.allocateDirect(100);
        direct.put(bytes).flip();
        assertEquals(new DecodeResult.Decoded(exampleRequest()), codec.decode(direct));
        assertEquals(0, direct.position(), "decode leaves the buffer's position alone");
    }

    @Test
    void decodesASliceOfALargerArray() {
        byte[] bytes = HEX.parseHex("ffff" + EXAMPLE_REQUEST + "ffff");
        assertEquals(new DecodeResult.Decoded(exampleRequest()), codec.decode(bytes, 2, bytes.length - 4));
        assertEquals(new DecodeResult.Decoded(exampleRequest()),
                codec.decode(ByteBuffer.wrap(bytes, 2, bytes.length - 4)));
    }

    @Test
    void rejectsEachKindOfBadDatagramWithItsReason() {
        byte[] ok = HEX.parseHex(EXAMPLE_REQUEST);
        assertRejected(DropReason.TRUNCATED, new byte[0]);
        assertRejected(DropReason.TRUNCATED, Arrays.copyOf(ok, 2));
        assertRejected(DropReason.TRUNCATED, Arrays.copyOf(ok, EnvelopeCodec.HEADER_BYTES - 1));
        assertRejected(DropReason.TRUNCATED, Arrays.copyOf(ok, ok.length - 1));
        assertRejected(DropReason.MALFORMED, Arrays.copyOf(ok, ok.length + 1));
        assertRejected(DropReason.UNKNOWN_ROOT_CODE, TestBytes.with(ok, 0, 0x03));
        assertRejected(DropReason.UNKNOWN_ROOT_CODE, TestBytes.with(ok, 0, 0x1f));
        assertRejected(DropReason.UNKNOWN_ROOT_CODE, TestBytes.with(ok, 0, 0x80));
        assertRejected(DropReason.UNKNOWN_ROOT_CODE, TestBytes.with(ok, 0, 0xc1));
        assertRejected(DropReason.UNKNOWN_ROOT_CODE, TestBytes.with(ok, 0, 0xff));
        assertRejected(DropReason.UNSUPPORTED_VERSION, TestBytes.with(ok, 2, 2));
        assertRejected(DropReason.UNSUPPORTED_VERSION, TestBytes.with(Arrays.copyOf(ok, 3), 2, 0));
        assertRejected(DropReason.MALFORMED, TestBytes.with(ok, 3, 0x02));
        assertRejected(DropReason.OVERSIZE, new byte[codec.maxDatagramBytes() + 1]);
        assertRejected(DropReason.TRUNCATED, codec.decode(ok, 10, ok.length));
    }

    @Test
    void anApplicationCodeRoundTripsAtBothEndsOfItsRange() {
        for (int b : new int[] {RootCode.FIRST_APPLICATION, 0x42, RootCode.LAST_APPLICATION}) {
            Message m = Message.request(RootCode.application(b), (byte) 0x07, new MessageId(9),
                    PeerId.fromHex("11".repeat(20)), new byte[] {1, 2, 3});
            byte[] wire = codec.encode(m);
            assertEquals(b, wire[0] & 0xff);
            DecodeResult back = codec.decode(wire);
            assertTrue(back instanceof DecodeResult.Decoded d && d.message().rootCode().equals(RootCode.application(b))
                    && d.message().op() == 0x07 && Arrays.equals(d.message().body(), new byte[] {1, 2, 3}), back::toString);
        }
    }

    @Test
    void refusesToEncodeWhatWouldNotFit() {
        Message big = Message.request(RootCode.GOSSIP, (byte) 0, new MessageId(1), PeerId.fromHex("00".repeat(20)),
                new byte[codec.maxBodyBytes() + 1]);
        assertThrows(MessageTooLargeException.class, () -> codec.encode(big));
        Message fits = Message.request(RootCode.GOSSIP, (byte) 0, new MessageId(1), PeerId.fromHex("00".repeat(20)),
                new byte[codec.maxBodyBytes()]);
        assertEquals(codec.maxDatagramBytes(), codec.encode(fits).length);
    }

    @Test
    void aLargerLimitIsASetting() {
        EnvelopeCodec jumbo = EnvelopeCodec.withMaxDatagramBytes(8_000);
        Message m = Message.request(RootCode.GOSSIP, (byte) 0, new MessageId(1), PeerId.fromHex("00".repeat(20)),
                new byte[5_000]);
        assertEquals(new DecodeResult.Decoded(m), jumbo.decode(jumbo.encode(m)));
        assertRejected(DropReason.OVERSIZE, codec.decode(jumbo.encode(m)));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.withMaxDatagramBytes(10));
        assertThrows(IllegalArgumentException.class, () -> EnvelopeCodec.withMaxDatagramBytes(70_000));
    }

    @Test
    void messagesAreImmutable() {
        byte[] body = {1, 2, 3};
        Message m = Message.request(RootCode.GOSSIP, (byte) 0, new MessageId(1), PeerId.fromHex("00".repeat(20)), body);
        body[0] = 9;
        m.body()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, m.body());
    }

    private void assertRejected(DropReason reason, byte[] bytes) {
        assertRejected(reason, codec.decode(bytes));
    }

    private static void assertRejected(DropReason reason, DecodeResult result) {
        var rejected = assertInstanceOf(DecodeResult.Rejected.class, result);
        assertEquals(reason, rejected.reason(), rejected.detail());
    }
}
