package peerconnect.adapter.gossip;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.NetworkConditions;

class GossipEngineTest {
    private static final NetworkConditions LAN = NetworkConditions.perfect().withLatency(Duration.ofMillis(1),
            Duration.ZERO);

    @Test
    void aPublishedRumorReachesEveryOtherNodeOnceAndNotItsOrigin() {
        SmallGossipNetwork net = new SmallGossipNetwork(30, GossipConfig.defaults(), LAN, 1);
        byte[] payload = {1, 2, 3};
        MessageId id = net.nodes.get(0).publish(payload);
        payload[0] = 9; // the node took a copy
        net.scheduler.runFor(Duration.ofSeconds(10));
        assertTrue(net.delivered.get(0).isEmpty(), "the origin does not deliver its own rumor");
        for (int i = 1; i < 30; i++) {
            List<GossipMessage> got = net.delivered.get(i);
            int node = i;
            assertAll("node " + i,
                    () -> assertEquals(1, got.size()),
                    () -> assertEquals(id, got.get(0).id()),
                    () -> assertEquals(net.nodes.get(0).id(), got.get(0).origin()),
                    () -> assertArrayEquals(new byte[] {1, 2, 3}, got.get(0).payload()),
                    () -> assertTrue(got.get(0).hops() >= 1),
                    () -> assertEquals(1, net.nodes.get(node).stats().delivered()));
        }
        long duplicates = net.nodes.stream().mapToLong(n -> n.stats().duplicatesSuppressed()).sum();
        assertTrue(duplicates > 0, "push sends copies to nodes that have the rumor already");
    }

    @Test
    void aSearchFindsTheMatchingNodeIgnoringCaseAndCompletesAtItsTimeout() {
        SmallGossipNetwork net = new SmallGossipNetwork(40, GossipConfig.defaults(), LAN, 2);
        List<PeerRecord> streamed = new ArrayList<>();
        CompletableFuture<List<PeerRecord>> future = net.nodes.get(3).search("node 17 LAPTOP", Duration.ofMillis(500),
                streamed::add);
        net.scheduler.runFor(Duration.ofMillis(499));
        assertEquals(1, streamed.size(), "the answer arrived before the timeout");
        assertTrue(!future.isDone(), "results keep arriving until the timeout");
        net.scheduler.runFor(Duration.ofMillis(1));
        List<PeerRecord> results = future.join();
        assertEquals(streamed, results);
        assertEquals("Node 17 laptop", results.get(0).name());
        assertEquals(net.contacts.get(17), results.get(0).contact(), "id and the address the answer came from");
        assertEquals(1, net.nodes.get(17).stats().searchRepliesSent());
    }

    @Test
    void aQueryThatMatchesSeveralNodesGetsEachOnce() {
        SmallGossipNetwork net = new SmallGossipNetwork(25, GossipConfig.defaults(), LAN, 3);
        // "node 1" is in "Node 1 laptop" and "Node 10 laptop" .. "Node 19 laptop".
        List<PeerRecord> streamed = new ArrayList<>();
        List<PeerRecord> results = run(net, net.nodes.get(0).search("node 1", Duration.ofSeconds(1), streamed::add));
        assertEquals(streamed, results);
        assertEquals(11, results.stream().map(f -> f.contact().id()).distinct().count());
        assertEquals(11, results.size());
    }

    @Test
    void aSearchNobodyAnswersCompletesEmptyAtItsTimeout() {
        SmallGossipNetwork net = new SmallGossipNetwork(10, GossipConfig.defaults(), LAN, 4);
        assertEquals(List.of(), run(net, net.nodes.get(0).search("nobody", Duration.ofMillis(200), f -> { })));
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        SmallGossipNetwork net = new SmallGossipNetwork(3, GossipConfig.defaults(), LAN, 5);
        GossipNode node = net.nodes.get(0);
        assertThrows(IllegalArgumentException.class, () -> node.publish(new byte[GossipConfig.LARGEST_PAYLOAD_BYTES + 1]));
        assertThrows(IllegalArgumentException.class, () -> node.search("", Duration.ofSeconds(1), f -> { }));
        assertThrows(IllegalArgumentException.class, () -> node.search("x".repeat(256), Duration.ofSeconds(1), f -> { }));
        node.close();
        assertThrows(GossipException.class, () -> node.publish(new byte[1]));
    }

    @Test
    void badDatagramsAreCountedByReasonAndNeverFailTheHandler() {
        SmallGossipNetwork net = new SmallGossipNetwork(2, GossipConfig.defaults(), LAN, 6);
        InMemoryEndpoint attacker = net.network.endpoint();
        PeerId attackerId = PeerId.fromHex("ab".repeat(20));
        EnvelopeCodec codec = EnvelopeCodec.create();
        var target = net.contacts.get(0).address();
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, (byte) 0x7f, new MessageId(1), attackerId,
                new byte[3])));
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SIGNED_MESSAGE.code(),
                new MessageId(2), attackerId, new byte[5])));
        // The old unsigned rumor layout, well formed: refused for what it lacks.
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.MESSAGE.code(),
                new MessageId(12), attackerId, HexFormat.of().parseHex("0102030405060708" + "ab".repeat(20)
                        + "00" + "0002" + "6869"))));
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SEARCH_REPLY.code(),
                new MessageId(3), attackerId, GossipCodec.encode(new GossipBody.SearchReply(new MessageId(4), "x")))));
        // A forwarded search (age 3) that lacks the reply address only the first hop may fill in.
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SEARCH_REQ.code(),
                new MessageId(5), attackerId, GossipCodec.encode(new GossipBody.SearchRequest(new MessageId(6),
                        attackerId, 3, Optional.empty(), "node")))));
        // A search whose replies would go to a multicast group.
        attacker.send(target, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.SEARCH_REQ.code(),
                new MessageId(7), attackerId, GossipCodec.encode(new GossipBody.SearchRequest(new MessageId(8),
                        attackerId, 1, Optional.of(peerconnect.domain.NodeAddress.parse("239.1.2.3:4000")), "node")))));
        net.scheduler.runFor(Duration.ofSeconds(1));
        GossipStats stats = net.nodes.get(0).stats();
        assertEquals(Map.of(GossipRejection.UNKNOWN_HEADER, 1L, GossipRejection.TRUNCATED, 1L,
                GossipRejection.UNSOLICITED_REPLY, 1L, GossipRejection.BAD_ADDRESS, 1L,
                GossipRejection.NOT_UNICAST, 1L, GossipRejection.UNSIGNED, 1L), stats.rejected());
        assertEquals(0, net.dispatchers.get(0).stats().handlerFailures());
        assertEquals(0, stats.searchRepliesSent());
    }

    @Test
    void aNodeThatMissedARumorPullsItByAntiEntropy() {
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofMillis(100), Duration.ofSeconds(5));
        SmallGossipNetwork net = new SmallGossipNetwork(12, config, LAN, 7);
        net.network.isolate(net.contacts.get(5).address());
        net.nodes.get(0).publish(new byte[] {42});
        net.scheduler.runFor(Duration.ofMillis(50));
        assertTrue(net.delivered.get(5).isEmpty(), "cut off while the rumor was pushed");
        net.network.reconnect(net.contacts.get(5).address());
        net.scheduler.runFor(Duration.ofMillis(500));
        assertEquals(1, net.delivered.get(5).size());
        assertArrayEquals(new byte[] {42}, net.delivered.get(5).get(0).payload());
        assertTrue(net.nodes.stream().mapToLong(n -> n.stats().pulledSent()).sum() >= 1);
        for (int i = 1; i < 12; i++) {
            assertEquals(1, net.delivered.get(i).size(), "node " + i + " delivered once, pull or not");
        }
    }

    @Test
    void aDigestNamingRumorsWeLackIsAnsweredWithAPullRequestAndThatWithTheRumors() {
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofSeconds(60), Duration.ofSeconds(5));
        SmallGossipNetwork net = new SmallGossipNetwork(2, config, LAN, 9);
        MessageId known = net.nodes.get(0).publish(new byte[] {7});
        net.scheduler.runFor(Duration.ofMillis(10));
        InMemoryEndpoint peer = net.network.endpoint();
        List<Message> heard = new ArrayList<>();
        EnvelopeCodec codec = EnvelopeCodec.create();
        peer.start((from, datagram) -> heard.add(((peerconnect.domain.DecodeResult.Decoded) codec.decode(datagram))
                .message()));
        PeerId peerId = PeerId.fromHex("cd".repeat(20));
        var node1 = net.contacts.get(1).address();
        // A digest with one rumor node 1 has and two it lacks.
        peer.send(node1, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.DIGEST.code(), new MessageId(1),
                peerId, GossipCodec.encode(new GossipBody.Digest(new long[] {known.value(), 111, 222})))));
        net.scheduler.runFor(Duration.ofMillis(10));
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(GossipOp.PULL_REQUEST.code(), heard.get(0).op());
        assertEquals(new GossipCodec.Decoded(new GossipBody.PullRequest(new long[] {111, 222})),
                GossipCodec.decode(heard.get(0).op(), heard.get(0).bodyBuffer(), 1000));
        // Asked for the rumor it has (and some it never saw: the request is then large enough for the
        // signed rumor to fit the unverified source's reply budget), node 1 sends the one it has.
        heard.clear();
        peer.send(node1, codec.encode(Message.request(RootCode.GOSSIP, GossipOp.PULL_REQUEST.code(),
                new MessageId(2), peerId, GossipCodec.encode(new GossipBody.PullRequest(
                        new long[] {333, 444, 555, 666, known.value()})))));
        net.scheduler.runFor(Duration.ofMillis(10));
        assertEquals(1, heard.size(), heard.toString());
        assertEquals(GossipOp.SIGNED_MESSAGE.code(), heard.get(0).op());
        var decoded = (GossipCodec.Decoded) GossipCodec.decode(heard.get(0).op(), heard.get(0).bodyBuffer(), 1000);
        assertEquals(known, ((GossipBody.Rumor) decoded.body()).id());
        assertEquals(1, net.nodes.get(1).stats().pullRequestsSent());
        assertEquals(1, net.nodes.get(1).stats().pulledSent());
    }

    @Test
    void aRumorOfOurOwnThatComesBackAfterARestartIsPassedOnButNotDelivered() {
        SmallGossipNetwork net = new SmallGossipNetwork(2, GossipConfig.defaults(), LAN, 10);
        InMemoryEndpoint peer = net.network.endpoint();
        peer.start((from, datagram) -> { });
        EnvelopeCodec codec = EnvelopeCodec.create();
        PeerId node1 = net.nodes.get(1).id();
        // Node 1 published this before it restarted; its seen-set is new, so the rumor is new to it.
        GossipBody.Rumor own = TestRumors.signed(net.keys.get(1), new MessageId(77), 2, new byte[] {5});
        peer.send(net.contacts.get(1).address(), codec.encode(Message.request(RootCode.GOSSIP,
                GossipOp.SIGNED_MESSAGE.code(), new MessageId(3), PeerId.fromHex("cd".repeat(20)), GossipCodec.encode(own))));
        net.scheduler.runFor(Duration.ofSeconds(5));
        assertTrue(net.delivered.get(1).isEmpty(), "a node's own rumor reached its subscriber");
        assertEquals(List.of(new MessageId(77)), net.delivered.get(0).stream().map(GossipMessage::id).toList(),
                "the rumor was not passed on");
    }

    @Test
    void closingCompletesPendingSearchesAndStopsHandling() {
        SmallGossipNetwork net = new SmallGossipNetwork(5, GossipConfig.defaults(), LAN, 8);
        CompletableFuture<List<PeerRecord>> future = net.nodes.get(0).search("nobody", Duration.ofSeconds(60), f -> { });
        net.nodes.get(0).close();
        assertEquals(List.of(), future.getNow(null));
        net.nodes.get(1).publish(new byte[] {1});
        net.scheduler.runFor(Duration.ofSeconds(1));
        assertTrue(net.delivered.get(0).isEmpty(), "a closed node delivers nothing");
    }

    @Test
    void theReportedCountersAreTheStatsKeyByKeyAfterTrafficOfEveryKind() {
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(Duration.ofMillis(100), Duration.ofSeconds(5));
        SmallGossipNetwork net = new SmallGossipNetwork(8, config, LAN, 15);
        net.nodes.get(0).publish(new byte[] {1});
        net.nodes.get(1).search("node 5", Duration.ofMillis(300), f -> { });
        net.nodes.get(2).subscribe(m -> {
            throw new IllegalStateException("a failing subscriber, counted");
        });
        InMemoryEndpoint attacker = net.network.endpoint();
        attacker.send(net.contacts.get(3).address(), EnvelopeCodec.create().encode(Message.request(RootCode.GOSSIP,
                GossipOp.SIGNED_MESSAGE.code(), new MessageId(9), PeerId.fromHex("ab".repeat(20)), new byte[5])));
        net.scheduler.runFor(Duration.ofSeconds(1));
        for (GossipNode node : net.nodes) {
            Map<String, Long> reported = peerconnect.domain.CounterSink.collect(List.of(node));
            assertEquals(List.copyOf(GossipCountersTest.reportedFrom(node.stats()).entrySet()),
                    List.copyOf(reported.entrySet()), node.toString());
        }
        Map<String, Long> two = peerconnect.domain.CounterSink.collect(List.of(net.nodes.get(2)));
        assertEquals(1L, two.get("gossip.listenerFailures"));
        assertEquals(1L, peerconnect.domain.CounterSink.collect(List.of(net.nodes.get(3))).get("gossip.rejected.TRUNCATED"));
        assertTrue(net.nodes.stream().mapToLong(n -> n.stats().digestsSent()).sum() > 0, "digests were sent");
    }

    private static List<PeerRecord> run(SmallGossipNetwork net, CompletableFuture<List<PeerRecord>> future) {
        net.scheduler.runFor(Duration.ofSeconds(2));
        assertTrue(future.isDone());
        return future.join();
    }
}
