package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

/** Gossip's side of the amplification rule (docs/PROTOCOL.md, "Amplification"). */
class GossipAmplificationTest {
    private static final NetworkConditions LAN = NetworkConditions.perfect().withLatency(Duration.ofMillis(1),
            Duration.ZERO);
    private static final EnvelopeCodec CODEC = EnvelopeCodec.create();
    private static final PeerId STRANGER = PeerId.fromHex("cd".repeat(20));

    /** A raw endpoint that records what it hears and, if told to, answers address checks like a node. */
    private static final class Stranger {
        final InMemoryEndpoint endpoint;
        final List<Message> heard = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        boolean answersChecks;

        Stranger(SmallGossipNetwork net) {
            endpoint = net.network.endpoint();
            endpoint.start((from, datagram) -> {
                Message m = ((DecodeResult.Decoded) CODEC.decode(datagram)).message();
                heard.add(m);
                sizes.add(datagram.length);
                if (answersChecks && m.op() == GossipOp.ADDRESS_CHECK.code() && m.kind() == MessageKind.REQUEST) {
                    endpoint.send(from, CODEC.encode(m.replyWith(m.op(), STRANGER, m.body())));
                }
            });
        }

        int send(NodeAddress to, long id, GossipBody body) {
            byte[] datagram = CODEC.encode(Message.request(RootCode.GOSSIP, body.op().code(), new MessageId(id),
                    STRANGER, GossipCodec.encode(body)));
            endpoint.send(to, datagram);
            return datagram.length;
        }

        int bytesHeard() {
            return sizes.stream().mapToInt(Integer::intValue).sum();
        }

        long heardOf(GossipOp h) {
            return heard.stream().filter(m -> m.op() == h.code()).count();
        }
    }

    /** Node 1 of the network holds eight 300-byte rumors published by node 0. */
    private static SmallGossipNetwork withEightBigRumors(List<Long> ids) {
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofSeconds(600), Duration.ofSeconds(60));
        SmallGossipNetwork net = new SmallGossipNetwork(2, config, LAN, 11);
        for (int i = 0; i < 8; i++) {
            ids.add(net.nodes.get(0).publish(new byte[300]).value());
        }
        net.scheduler.runFor(Duration.ofMillis(20));
        return net;
    }

    @Test
    void aPullRequestFromAnUnverifiedSourceGetsAtMostThreeTimesItsSizeAndTheRestAfterTheCheck() {
        List<Long> ids = new ArrayList<>();
        SmallGossipNetwork net = withEightBigRumors(ids);
        Stranger stranger = new Stranger(net);
        NodeAddress node1 = net.contacts.get(1).address();
        long[] asked = ids.stream().mapToLong(Long::longValue).toArray();
        int request = stranger.send(node1, 1, new GossipBody.PullRequest(asked)); // 34 + 2 + 64 = 100 bytes
        net.scheduler.runFor(Duration.ofMillis(10));
        assertTrue(stranger.bytesHeard() <= 3 * request, stranger.bytesHeard() + " bytes back for " + request);
        assertEquals(1, stranger.heardOf(GossipOp.ADDRESS_CHECK), "held-back rumors wait for a check");
        assertTrue(stranger.heardOf(GossipOp.SIGNED_MESSAGE) < 8);

        // A source that answers the check proves its address: the rest follows, and next time all at once.
        Stranger honest = new Stranger(net);
        honest.answersChecks = true;
        honest.send(node1, 2, new GossipBody.PullRequest(asked));
        net.scheduler.runFor(Duration.ofMillis(50));
        assertEquals(8, honest.heardOf(GossipOp.SIGNED_MESSAGE), "all eight rumors once the check is answered");
        honest.heard.clear();
        honest.send(node1, 3, new GossipBody.PullRequest(asked));
        net.scheduler.runFor(Duration.ofMillis(10));
        assertEquals(8, honest.heardOf(GossipOp.SIGNED_MESSAGE), "a verified source gets the full answer at once");
        assertEquals(0, honest.heardOf(GossipOp.ADDRESS_CHECK));
    }

    @Test
    void aDigestFromAnUnverifiedSourceIsAnsweredWithinThreeTimesItsSize() {
        List<Long> ids = new ArrayList<>();
        SmallGossipNetwork net = withEightBigRumors(ids);
        Stranger stranger = new Stranger(net);
        int request = stranger.send(net.contacts.get(1).address(), 1, new GossipBody.Digest(new long[] {42}));
        net.scheduler.runFor(Duration.ofSeconds(5));
        assertTrue(stranger.heard.size() >= 1, "something comes back: a pull request or a check");
        assertTrue(stranger.bytesHeard() <= 3 * request, stranger.bytesHeard() + " bytes back for " + request);
    }

    @Test
    void aFirstHopSearchWithAForgedSourceIsNotSpreadAndItsVictimGetsOneSmallCheck() {
        SmallGossipNetwork net = new SmallGossipNetwork(20, GossipConfig.defaults(), LAN, 12);
        Stranger victim = new Stranger(net); // never sent the search, so never confirms it
        // The attacker's datagram claims the victim's address: here it is sent from the victim's endpoint.
        GossipBody.SearchRequest search = new GossipBody.SearchRequest(new MessageId(77), STRANGER, 0, Optional.empty(),
                "node");
        int request = victim.send(net.contacts.get(0).address(), 5, search);
        net.scheduler.runFor(Duration.ofSeconds(30));
        assertEquals(1, victim.heard.size(), victim.heard.toString());
        assertEquals(GossipOp.ADDRESS_CHECK.code(), victim.heard.get(0).op());
        assertTrue(victim.bytesHeard() <= 3 * request);
        assertEquals(0, victim.heardOf(GossipOp.SEARCH_REPLY), "no node matching 'node' answered the victim");
        long answered = net.nodes.stream().mapToLong(n -> n.stats().searchRepliesSent()).sum();
        assertEquals(0, answered, "the search never spread");
        assertEquals(1L, net.nodes.get(0).stats().rejected().get(GossipRejection.UNVERIFIED_SEARCH));
    }

    @Test
    void aForwardedSearchNamingAVictimGetsItNoAnswersOnlyOneSmallCheckPerMatchingNode() {
        SmallGossipNetwork net = new SmallGossipNetwork(20, GossipConfig.defaults(), LAN, 14);
        Stranger victim = new Stranger(net);
        Stranger participant = new Stranger(net); // sends from its own address: nothing is forged but the reply-to
        GossipBody.SearchRequest search = new GossipBody.SearchRequest(new MessageId(78), STRANGER, 1,
                Optional.of(victim.endpoint.localAddress()), "node");
        int request = participant.send(net.contacts.get(0).address(), 6, search);
        net.scheduler.runFor(Duration.ofSeconds(30));
        long withheld = net.nodes.stream()
                .mapToLong(n -> n.stats().rejected().getOrDefault(GossipRejection.UNCONFIRMED_REPLY_TO, 0L)).sum();
        assertEquals(0, victim.heardOf(GossipOp.SEARCH_REPLY), "no matching node answered the victim");
        assertTrue(withheld > 1, "the search spread to several matching nodes: " + withheld);
        assertEquals(withheld, victim.heardOf(GossipOp.ADDRESS_CHECK), "one check per matching node");
        assertEquals(withheld, victim.heard.size());
        assertTrue(victim.bytesHeard() <= 3 * request * withheld, victim.bytesHeard() + " bytes at the victim");
    }

    @Test
    void aNodeAnswersACheckOnlyForItsOwnWaitingSearchOrAPlainCheck() {
        SmallGossipNetwork net = new SmallGossipNetwork(2, GossipConfig.defaults(), LAN, 13);
        Stranger stranger = new Stranger(net);
        NodeAddress node0 = net.contacts.get(0).address();
        stranger.send(node0, 1, new GossipBody.AddressCheck(123_456));
        net.scheduler.runFor(Duration.ofMillis(10));
        assertEquals(0, stranger.heard.size(), "no search 123456 is waiting here");
        assertEquals(1L, net.nodes.get(0).stats().rejected().get(GossipRejection.UNCONFIRMED_CHECK));
        int request = stranger.send(node0, 2, new GossipBody.AddressCheck(0));
        net.scheduler.runFor(Duration.ofMillis(10));
        assertEquals(1, stranger.heard.size());
        assertEquals(MessageKind.REPLY, stranger.heard.get(0).kind());
        assertEquals(request, stranger.bytesHeard(), "a check's answer is as large as the check");
    }
}
