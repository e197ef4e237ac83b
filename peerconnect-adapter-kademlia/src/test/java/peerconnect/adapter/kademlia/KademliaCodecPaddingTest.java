package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** Request padding and reply trimming (docs/PROTOCOL.md, "Amplification"). */
class KademliaCodecPaddingTest {
    private static final PeerId A = PeerId.fromHex("a".repeat(40));

    private static List<PeerContact> contacts(int n, boolean v6) {
        List<PeerContact> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] id = new byte[PeerId.BYTES];
            id[0] = (byte) i;
            out.add(new PeerContact(PeerId.of(id), NodeAddress.parse(v6 ? "[fd00::" + (i + 1) + "]:4000"
                    : "10.0.0." + (i + 1) + ":4000")));
        }
        return out;
    }

    @Test
    void aFindRequestPaddedWithZerosDecodesAsTheUnpaddedOne() {
        byte[] padded = KademliaCodec.padded(KademliaCodec.encode(new KademliaCodec.FindNode(A)), 238);
        assertEquals(238, padded.length);
        KademliaCodec.Request r = KademliaCodec.decodeRequest(KademliaOp.FIND_NODE.request(), padded, 1024);
        assertEquals(A, assertInstanceOf(KademliaCodec.FindNode.class, r).target());
        for (KademliaOp h : List.of(KademliaOp.FIND_VALUE, KademliaOp.FIND_PEER_LIST)) {
            assertInstanceOf(KademliaCodec.Request.class, KademliaCodec.decodeRequest(h.request(), KademliaCodec.padded(A.toBytes(), 300), 1024));
        }
        byte[] search = KademliaCodec.padded(KademliaCodec.encode(new KademliaCodec.SearchPeers(A, "bob")), 300);
        assertEquals("bob", ((KademliaCodec.SearchPeers) KademliaCodec.decodeRequest(KademliaOp.SEARCH_PEERS.request(), search, 1024))
                .query());
    }

    @Test
    void nonZeroPaddingAndPaddingOnSmallAnswerRequestsAreRefused() {
        byte[] padded = KademliaCodec.padded(KademliaCodec.encode(new KademliaCodec.FindNode(A)), 100);
        padded[99] = 1;
        var e = assertThrows(MalformedBodyException.class,
                () -> KademliaCodec.decodeRequest(KademliaOp.FIND_NODE.request(), padded, 1024));
        assertEquals(RejectReason.TRAILING_BYTES, e.reason());
        // A PING's answer is empty: padding it earns nothing, so it stays strict.
        var ping = assertThrows(MalformedBodyException.class,
                () -> KademliaCodec.decodeRequest(KademliaOp.PING.request(), new byte[10], 1024));
        assertEquals(RejectReason.TRAILING_BYTES, ping.reason());
    }

    @Test
    void trimmedContactRepliesFitTheirBudgetAndKeepTheClosestFirst() {
        for (boolean v6 : new boolean[] {false, true}) {
            List<PeerContact> all = contacts(20, v6);
            for (int budget = 1; budget <= 1198; budget += 7) {
                byte[] body = ReplyCodec.contacts(all, budget);
                assertTrue(body.length <= budget, budget + " -> " + body.length);
                List<PeerContact> decoded = ReplyCodec.decodeContacts(body);
                assertEquals(all.subList(0, decoded.size()), decoded);
                int per = v6 ? 39 : 27;
                assertEquals(Math.min(20, (budget - 1) / per), decoded.size(), "budget " + budget);
                byte[] closer = ReplyCodec.closer(all, budget);
                assertTrue(closer.length <= Math.max(2, budget));
            }
        }
        // A 54-byte FIND_NODE from an unverified source: 3 x 54 - 34 = 128 body bytes, 4 IPv4 contacts.
        assertEquals(4, ReplyCodec.decodeContacts(ReplyCodec.contacts(contacts(20, false), 128)).size());
    }
}
