package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.ReplyBudget;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.Responder;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerRecord;

/** Every Kademlia answer fits the budget of an unverified source (docs/PROTOCOL.md, "Amplification"). */
class ReplyBudgetTest {
    private static final NodeAddress STRANGER = NodeAddress.parse("10.9.9.9:4000");
    private static final PeerId STRANGER_ID = PeerId.fromHex("ee".repeat(20));

    private final SplittableRandom random = new SplittableRandom(5);
    private KademliaServer target;
    private PeerId valueKey;

    /** A responder that keeps the answer; {@code verified} says whether the source counts as verified. */
    private static final class Capture implements Responder {
        final boolean verified;
        byte[] body;

        Capture(boolean verified) {
            this.verified = verified;
        }

        @Override
        public void respond(RequestEvent event, byte header, byte[] b) {
            body = b;
        }
    }

    @BeforeEach
    void aNodeWithAFullTableAndABigValue() {
        Cluster cluster = new Cluster(5);
        cluster.grow(40);
        target = (KademliaServer) cluster.members.get(0).node();
        valueKey = PeerId.random(random);
        byte[] value = new byte[1000];
        random.nextBytes(value);
        ask(new KademliaCodec.Store(valueKey, 3600, value), new byte[0], true);
        assertTrue(target.knownPeers().size() >= 20);
    }

    /** Sends {@code request} (plus {@code padding} zero bytes) to the target; returns its answer's body. */
    private byte[] ask(KademliaCodec.Request request, byte[] padding, boolean verified) {
        byte[] body = KademliaCodec.encode(request);
        byte[] padded = KademliaCodec.padded(body, body.length + padding.length);
        Capture capture = new Capture(verified);
        Message m = Message.request(RootCode.KADEMLIA, request.op().request(), new MessageId(random.nextLong()),
                STRANGER_ID, padded);
        target.protocol().handle(new RequestEvent(RootCode.KADEMLIA, m, STRANGER, capture, ReplyBudget.forRequest(verified,
                EnvelopeCodec.HEADER_BYTES + m.bodyLength(), EnvelopeCodec.create().maxBodyBytes())));
        return capture.body;
    }

    private List<KademliaCodec.Request> everyRequest() {
        List<KademliaCodec.Request> all = new ArrayList<>();
        all.add(new KademliaCodec.Ping());
        all.add(new KademliaCodec.Store(PeerId.random(random), 60, new byte[0]));
        all.add(new KademliaCodec.FindNode(PeerId.random(random)));
        all.add(new KademliaCodec.FindValue(valueKey));
        all.add(new KademliaCodec.StorePeerInList(PeerLists.keys().get(0),
                peerconnect.domain.NodeRecord.sign(peerconnect.domain.NodeKey.forSimulation(5), "", List.of(STRANGER), 1)));
        for (PeerId listKey : PeerLists.keys()) {
            all.add(new KademliaCodec.FindPeerList(listKey));
            all.add(new KademliaCodec.SearchPeers(listKey, ""));
        }
        return all;
    }

    @Test
    void everyAnswerToAnUnverifiedSourceIsAtMostThreeTimesItsRequest() {
        for (KademliaCodec.Request r : everyRequest()) {
            int request = EnvelopeCodec.HEADER_BYTES + KademliaCodec.encode(r).length;
            byte[] answer = ask(r, new byte[0], false);
            assertTrue(EnvelopeCodec.HEADER_BYTES + answer.length <= 3 * request,
                    r + ": " + (EnvelopeCodec.HEADER_BYTES + answer.length) + " bytes for " + request);
        }
    }

    @Test
    void aValueTooLargeForTheBudgetIsAnsweredWithContactsAndAPaddedOrVerifiedAskGetsIt() {
        KademliaCodec.LookupReply unverified = ReplyCodec.decodeValueReply(ask(new KademliaCodec.FindValue(valueKey), new byte[0], false), 1024);
        assertTrue(!assertInstanceOf(KademliaCodec.Contacts.class, unverified).contacts().isEmpty());
        KademliaCodec.LookupReply padded = ReplyCodec.decodeValueReply(ask(new KademliaCodec.FindValue(valueKey), new byte[334], false), 1024);
        assertEquals(1000, assertInstanceOf(KademliaCodec.Value.class, padded).value().length);
        KademliaCodec.LookupReply verified = ReplyCodec.decodeValueReply(ask(new KademliaCodec.FindValue(valueKey), new byte[0], true), 1024);
        assertEquals(1000, assertInstanceOf(KademliaCodec.Value.class, verified).value().length);
    }

    @Test
    void findNodeGivesAFewContactsUnverifiedAndKVerifiedOrPadded() {
        PeerId t = PeerId.random(random);
        assertEquals(4, ReplyCodec.decodeContacts(ask(new KademliaCodec.FindNode(t), new byte[0], false)).size());
        assertEquals(20, ReplyCodec.decodeContacts(ask(new KademliaCodec.FindNode(t), new byte[0], true)).size());
        assertEquals(20, ReplyCodec.decodeContacts(ask(new KademliaCodec.FindNode(t), new byte[252], false)).size());
    }
}
