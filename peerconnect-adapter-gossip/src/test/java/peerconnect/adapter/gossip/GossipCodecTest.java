package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;

/** The byte layouts of docs/PROTOCOL.md (section Gossip), and the typed rejections. */
class GossipCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final PeerId ORIGIN = PeerId.fromHex("11".repeat(20));
    private static final MessageId ID = new MessageId(0x0102030405060708L);

    @Test
    void aSignedRumorIsIdOriginAgeLengthPayloadKeySignature() {
        byte[] body = GossipCodec.encode(TestRumors.placeholder(ID, ORIGIN, 3, new byte[] {'h', 'i'}));
        assertEquals("0102030405060708" + "11".repeat(20) + "03" + "0002" + "6869" + "33".repeat(32)
                + "44".repeat(64), HEX.formatHex(body));
        assertEquals(new GossipCodec.Decoded(TestRumors.placeholder(ID, ORIGIN, 3, new byte[] {'h', 'i'})),
                decode(GossipOp.SIGNED_MESSAGE, body));
    }

    @Test
    void aRumorsSignedBytesAreTheTagIdOriginLengthAndPayloadButNotTheAge() {
        assertEquals(HEX.formatHex("peerconnect rumor v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        + "0102030405060708" + "11".repeat(20) + "0002" + "6869",
                HEX.formatHex(GossipCodec.signedBytes(ID, ORIGIN, new byte[] {'h', 'i'})));
        assertEquals("70656572636f6e6e6563742072756d6f72207631",
                HEX.formatHex("peerconnect rumor v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void theOldUnsignedRumorIsRefusedAsUnsignedWhateverItHolds() {
        byte[] old = HEX.parseHex("0102030405060708" + "11".repeat(20) + "03" + "0002" + "6869");
        assertEquals(new GossipCodec.Rejected(GossipRejection.UNSIGNED), decode(GossipOp.MESSAGE, old));
        assertEquals(new GossipCodec.Rejected(GossipRejection.TRUNCATED), decode(GossipOp.SIGNED_MESSAGE, old));
    }

    @Test
    void aSearchRequestCarriesTheReplyAddressOnlyOnceTheFirstHopFilledItIn() {
        GossipBody.SearchRequest fresh = new GossipBody.SearchRequest(ID, ORIGIN, 0, Optional.empty(), "bob");
        assertEquals("0102030405060708" + "11".repeat(20) + "00" + "00" + "03" + "626f62",
                HEX.formatHex(GossipCodec.encode(fresh)));
        GossipBody.SearchRequest forwarded = fresh.withReplyTo(NodeAddress.parse("198.18.0.1:4000")).withAge(1);
        byte[] body = GossipCodec.encode(forwarded);
        assertEquals("0102030405060708" + "11".repeat(20) + "01" + "04" + "c6120001" + "0fa0" + "03" + "626f62",
                HEX.formatHex(body));
        assertEquals(new GossipCodec.Decoded(forwarded), decode(GossipOp.SEARCH_REQ, body));
    }

    @Test
    void aSearchReplyAndADigestRoundTrip() {
        GossipBody.SearchReply reply = new GossipBody.SearchReply(ID, "Bob's laptop");
        assertEquals(new GossipCodec.Decoded(reply), decode(GossipOp.SEARCH_REPLY, GossipCodec.encode(reply)));
        GossipBody.Digest digest = new GossipBody.Digest(new long[] {1, -1, 42});
        byte[] body = GossipCodec.encode(digest);
        assertEquals("0003" + "0000000000000001" + "ffffffffffffffff" + "000000000000002a", HEX.formatHex(body));
        assertEquals(new GossipCodec.Decoded(digest), decode(GossipOp.DIGEST, body));
        GossipBody.PullRequest pull = new GossipBody.PullRequest(new long[] {1, -1, 42});
        assertArrayEquals(body, GossipCodec.encode(pull), "a pull request is laid out as a digest");
        assertEquals(new GossipCodec.Decoded(pull), decode(GossipOp.PULL_REQUEST, body));
    }

    @Test
    void aShuffleIsACountAndEntriesOfIdAddressPortAge() {
        GossipBody.Shuffle shuffle = new GossipBody.Shuffle(java.util.List.of(
                new ViewEntry(new peerconnect.domain.PeerContact(ORIGIN, NodeAddress.parse("198.18.0.1:4000")), 3),
                new ViewEntry(new peerconnect.domain.PeerContact(PeerId.fromHex("22".repeat(20)),
                        NodeAddress.parse("[2001:db8::1]:80")), 255)), java.util.List.of(1L, -1L), false);
        byte[] body = GossipCodec.encode(shuffle);
        assertEquals("02" + "11".repeat(20) + "04" + "c6120001" + "0fa0" + "03"
                + "22".repeat(20) + "10" + "20010db8000000000000000000000001" + "0050" + "ff"
                + "02" + "0000000000000001" + "ffffffffffffffff", HEX.formatHex(body));
        assertEquals(new GossipCodec.Decoded(shuffle), decode(GossipOp.SHUFFLE, body));
        GossipBody.Shuffle reply = new GossipBody.Shuffle(shuffle.entries(), shuffle.recent(), true);
        assertEquals(new GossipCodec.Decoded(reply), decode(GossipOp.SHUFFLE_REPLY, body), "a reply is laid out alike");
        assertEquals(1 + GossipCodec.VIEW_ENTRY_V4_BYTES + GossipCodec.VIEW_ENTRY_V4_BYTES + 12 + 1 + 16, body.length);
        assertEquals(body.length, GossipCodec.shuffleBytes(shuffle.entries(), 2));
    }

    @ParameterizedTest(name = "header {0}, body {1} -> {2}")
    @CsvSource({
            "0a, '', UNKNOWN_HEADER",
            "07, '', TRUNCATED",
            "07, 00, TRUNCATED",
            "07, 0001, TRUNCATED",
            "07, 0011, TOO_MANY_ENTRIES",
            "08, 000000, TRAILING_BYTES",
            "08, 21, TOO_MANY_ENTRIES",
            "07, 01111111111111111111111111111111111111111105, BAD_ADDRESS",
            "07, 0111111111111111111111111111111111111111110400000000000001, NOT_UNICAST",
            "07, 011111111111111111111111111111111111111111047f0000010001, TRUNCATED",
            "06, 00000000, TRUNCATED",
            "05, 00, TRUNCATED",
            "00, 00, UNKNOWN_HEADER",
            "01, 00, UNSIGNED",
            "09, 0102, TRUNCATED",
            // id, origin, age, length 3, only 2 payload bytes, then key and signature
            "09, 01020304050607081111111111111111111111111111111111111111030003 0102 333333333333333333333333333333333333333333333333333333333333333344444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444, TRUNCATED",
            "09, 01020304050607081111111111111111111111111111111111111111030000 333333333333333333333333333333333333333333333333333333333333333344444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444 ff, TRAILING_BYTES",
            "09, 010203040506070811111111111111111111111111111111111111110304d2 333333333333333333333333333333333333333333333333333333333333333344444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444, PAYLOAD_TOO_LARGE",
            "02, 0102030405060708111111111111111111111111111111111111111101050102030405, BAD_ADDRESS",
            "02, 01020304050607081111111111111111111111111111111111111111010000, BAD_TEXT",
            "02, 0102030405060708111111111111111111111111111111111111111101000280ff, BAD_TEXT",
            "02, 01020304050607081111111111111111111111111111111111111111010005626f, TRUNCATED",
            "03, 010203040506070802c328, BAD_TEXT",
            "03, 0102030405060708, TRUNCATED",
            "04, 0002000000000000000100, TRUNCATED",
            "04, 000100000000000000010000, TRAILING_BYTES",
            "02, 010203040506070811111111111111111111111111111111111111110104e00000010fa0016e, NOT_UNICAST", // reply-to multicast
            "02, 010203040506070811111111111111111111111111111111111111110104000000000fa0016e, NOT_UNICAST", // reply-to wildcard
            "02, 010203040506070811111111111111111111111111111111111111110104ffffffff0fa0016e, NOT_UNICAST", // reply-to broadcast
            "02, 0102030405060708111111111111111111111111111111111111111101040a0000010000016e, NOT_UNICAST", // reply-to port 0
            "02, 010203040506070811111111111111111111111111111111111111110110ff0200000000000000000000000000010fa0016e, NOT_UNICAST", // reply-to v6 multicast
            "02, 010203040506070811111111111111111111111111111111111111110110000000000000000000000000000000000fa0016e, NOT_UNICAST", // reply-to v6 wildcard
    })
    void badBodiesAreRejectedWithAReason(String header, String body, GossipRejection reason) {
        byte[] bytes = HEX.parseHex(body.replace(" ", ""));
        assertEquals(new GossipCodec.Rejected(reason),
                GossipCodec.decode(HEX.parseHex(header)[0], ByteBuffer.wrap(bytes), 1000));
    }

    @Test
    void decodingLeavesTheCallersBufferAlone() {
        byte[] body = GossipCodec.encode(TestRumors.placeholder(ID, ORIGIN, 0, new byte[5]));
        ByteBuffer buffer = ByteBuffer.wrap(body);
        GossipCodec.decode(GossipOp.SIGNED_MESSAGE.code(), buffer, 1000);
        assertEquals(0, buffer.position());
        assertArrayEquals(GossipCodec.encode(TestRumors.placeholder(ID, ORIGIN, 0, new byte[5])), body);
    }

    private static GossipCodec.Result decode(GossipOp header, byte[] body) {
        return GossipCodec.decode(header.code(), ByteBuffer.wrap(body), 1000);
    }
}
