package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerRecord;

/** The Kademlia bodies of docs/PROTOCOL.md, by example (the hex below is the documented one). */
class KademliaCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final PeerId A = PeerId.fromHex("a".repeat(40));

    private static PeerContact v6(int n) {
        byte[] id = new byte[PeerId.BYTES];
        id[0] = (byte) n;
        return new PeerContact(PeerId.of(id), NodeAddress.parse("[fd00::" + Integer.toHexString(n + 1) + "]:65535"));
    }

    @Test
    void twentyIpv6ContactsFitOneDefaultDatagram() {
        List<PeerContact> contacts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            contacts.add(v6(i));
        }
        byte[] body = ReplyCodec.contacts(contacts);
        assertEquals(1 + 20 * 39, body.length);
        Message reply = Message.request(RootCode.KADEMLIA, KademliaOp.FIND_NODE.reply(), new MessageId(1), A, body);
        byte[] datagram = EnvelopeCodec.create().encode(reply); // throws if over 1232 bytes
        assertTrue(datagram.length <= EnvelopeCodec.DEFAULT_MAX_DATAGRAM_BYTES, datagram.length + " bytes");
        assertEquals(contacts, ReplyCodec.decodeContacts(body));
    }

    @Test
    void theLargestValueFitsAStoreAndAFindValueReply() {
        byte[] value = new byte[KademliaConfig.LARGEST_VALUE_BYTES];
        EnvelopeCodec codec = EnvelopeCodec.create();
        byte[] store = KademliaCodec.encode(new KademliaCodec.Store(A, 3600, value));
        codec.encode(Message.request(RootCode.KADEMLIA, KademliaOp.STORE.request(), new MessageId(1), A, store));
        codec.encode(Message.request(RootCode.KADEMLIA, KademliaOp.FIND_VALUE.reply(), new MessageId(1), A,
                ReplyCodec.foundValue(value)));
        assertEquals(1198, store.length, "exactly the largest body");
    }

    @Test
    void documentedFindNodeReply() {
        PeerContact c = new PeerContact(A, NodeAddress.parse("192.168.1.20:4000"));
        assertEquals("01" + "04" + "aa".repeat(20) + "c0a80114" + "0fa0", HEX.formatHex(ReplyCodec.contacts(List.of(c))));
    }

    @Test
    void documentedStoreRequest() {
        byte[] body = KademliaCodec.encode(new KademliaCodec.Store(A, 3600, new byte[] {'h', 'i'}));
        assertEquals("aa".repeat(20) + "00000e10" + "0002" + "6869", HEX.formatHex(body));
        KademliaCodec.Store back = assertInstanceOf(KademliaCodec.Store.class, KademliaCodec.decodeRequest(KademliaOp.STORE.request(), body, 1024));
        assertArrayEquals(new byte[] {'h', 'i'}, back.value());
        assertEquals(3600, back.ttlSeconds());
    }

    @Test
    void documentedStorePeerInListRequest() {
        byte[] key = HEX.parseHex("33".repeat(32));
        byte[] signature = HEX.parseHex("44".repeat(64));
        peerconnect.domain.NodeRecord r = new peerconnect.domain.NodeRecord("ann",
                List.of(NodeAddress.parse("10.0.0.7:4000")), 5, key, signature);
        byte[] body = KademliaCodec.encode(new KademliaCodec.StorePeerInList(PeerListKeys.all().get(0), r));
        assertEquals("00".repeat(20) + "01" + "0000000000000005" + "33".repeat(32) + "03" + "616e6e" + "01" + "04"
                + "0a000007" + "0fa0" + "44".repeat(64), HEX.formatHex(body));
        assertEquals(new KademliaCodec.StorePeerInList(PeerListKeys.all().get(0), r),
                KademliaCodec.decodeRequest(KademliaOp.STORE_PEERS_IN_LIST.request(), body, 1024));
    }

    @Test
    void theOldUnsignedRecordIsRefusedAsUnsigned() {
        byte[] old = HEX.parseHex("00".repeat(20) + "04" + "aa".repeat(20) + "0a000007" + "0fa0" + "03" + "616e6e");
        MalformedBodyException e = assertThrows(MalformedBodyException.class,
                () -> KademliaCodec.decodeRequest(KademliaOp.STORE_PEERS_IN_LIST.request(), old, 1024));
        assertEquals(RejectReason.UNSIGNED_RECORD, e.reason());
    }

    @Test
    void recordsRepliesAreCutToTheBodyLimit() {
        List<peerconnect.domain.NodeRecord> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new peerconnect.domain.NodeRecord("n".repeat(64), List.of(v6(i).address()), i, new byte[32],
                    new byte[64]));
        }
        byte[] body = ReplyCodec.foundRecords(many, 1198);
        assertTrue(body.length <= 1198);
        KademliaCodec.Records r = assertInstanceOf(KademliaCodec.Records.class, ReplyCodec.decodeRecordsReply(body));
        // A signed record with one IPv6 address and a 64-byte name: 1 + 8 + 32 + 1 + 64 + 1 + 19 + 64.
        assertEquals(6, r.records().size(), "(1198 - 2) / 190 records");
        assertEquals(many.subList(0, 6), r.records());
    }

    @Test
    void badBodiesAreTypedRejections() {
        record Row(int op, String hex, RejectReason reason) { }
        for (Row row : List.of(
                new Row(0x7f, "", RejectReason.UNKNOWN_SUB_HEADER),
                new Row(0x81, "", RejectReason.UNKNOWN_SUB_HEADER),
                new Row(0x01, "00", RejectReason.TRAILING_BYTES),
                new Row(0x03, "aabb", RejectReason.TRUNCATED),
                new Row(0x02, "aa".repeat(20) + "00000e10" + "0401", RejectReason.VALUE_TOO_LARGE),
                // A signed record starts with its layout version: 05 is none.
                new Row(0x05, "00".repeat(20) + "05" + "aa".repeat(20), RejectReason.BAD_RECORD),
                new Row(0x05, "00".repeat(20) + "04" + "aa".repeat(20), RejectReason.UNSIGNED_RECORD),
                new Row(0x07, "00".repeat(20) + "41" + "61".repeat(65), RejectReason.BAD_NAME),
                new Row(0x07, "00".repeat(20) + "01" + "ff", RejectReason.BAD_NAME),
                // A signed record (version 01, sequence, key 33…33, empty name, one address, signature 44…44)
                // whose address is not unicast; the old layout with the same address is refused unread.
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "04e00000010fa0" + "44".repeat(64), RejectReason.BAD_RECORD), // multicast v4
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "04000000000fa0" + "44".repeat(64), RejectReason.BAD_RECORD), // wildcard v4
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "04ffffffff0fa0" + "44".repeat(64), RejectReason.BAD_RECORD), // broadcast
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "040a0000010000" + "44".repeat(64), RejectReason.BAD_RECORD), // port 0
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "06ff0200000000000000000000000000010fa0" + "44".repeat(64), RejectReason.BAD_RECORD), // multicast v6
                new Row(0x05, "00".repeat(20) + "04aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaae00000010fa0" + "00", RejectReason.UNSIGNED_RECORD),
                new Row(0x05, "00".repeat(20) + "01" + "00".repeat(8) + "33".repeat(32) + "00" + "01" + "040a0000010fa0" + "44".repeat(64) + "00",
                        RejectReason.TRAILING_BYTES))) {
            MalformedBodyException e = assertThrows(MalformedBodyException.class,
                    () -> KademliaCodec.decodeRequest((byte) row.op(), HEX.parseHex(row.hex()), 1024), row.toString());
            assertEquals(row.reason(), e.reason(), row.toString());
        }
        assertEquals(RejectReason.BAD_FIELD, assertThrows(MalformedBodyException.class,
                () -> ReplyCodec.decodeContacts(HEX.parseHex("15"))).reason(), "21 contacts announced");
        assertEquals(RejectReason.NOT_UNICAST, assertThrows(MalformedBodyException.class,
                () -> ReplyCodec.decodeContacts(HEX.parseHex("01" + "04" + "aa".repeat(20) + "e0000001" + "0fa0"))).reason(),
                "a multicast contact in a FIND_NODE reply");
    }
}
