package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import peerconnect.domain.CounterSink;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * A contact enters the routing table, and a known id moves, only with a verified record of that id
 * naming the address it answered from (docs/PROTOCOL.md, "Contacts prove their id"): an attacker
 * answering at its own address cannot take over a silent contact's id, nor claim ids it does not own,
 * and each refusal is counted under its reason. The wire examples of that section, the cost of the
 * proof in signature checks against RPCs, and keyless nodes.
 */
class ContactProofTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final NodeKey ATTACKER = NodeKey.forSimulation(-77);

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }

    private static byte[] filled(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    private static long counter(Cluster.Member m, String name) {
        return CounterSink.collect(List.of(m.node())).getOrDefault(name, 0L);
    }

    private static long refused(Cluster.Member m, RejectReason reason) {
        return m.node().stats().rejected().getOrDefault(reason, 0L);
    }

    private static boolean knowsAt(Cluster.Member m, PeerContact c) {
        return m.node().knownPeers().contains(c);
    }

    private static NodeRecord recordOf(Cluster.Member m) {
        return ((KademliaServer) m.node()).ownRecord().orElseThrow();
    }

    /** A peer that answers every PING as {@code id} with {@code record} (or empty), whatever it was asked. */
    private static RawPeer answering(InMemoryEndpoint endpoint, PeerId id, Optional<NodeRecord> record) {
        return new RawPeer(endpoint, id, m -> m.op() == KademliaOp.PING.request() ? ReplyCodec.pong(record, 1_000)
                : null);
    }

    @Test
    void theRecordRequestExamplesOfTheProtocolPageHold() {
        assertEquals("01", HEX.formatHex(KademliaCodec.encode(new KademliaCodec.Ping(true))));
        assertEquals("", HEX.formatHex(KademliaCodec.encode(new KademliaCodec.Ping())));
        RequestPadding padding = new RequestPadding(KademliaConfig.defaults(), 1232);
        byte[] padded = padding.body(new KademliaCodec.Ping(true), () -> false);
        assertEquals("01" + "00".repeat(59), HEX.formatHex(padded));
        assertTrue(KademliaCodec.decodeRequest(KademliaOp.PING.request(), padded, 1024).asksRecord());
        assertEquals(354 - 34, padding.askingBodyBytes(KademliaOp.FIND_NODE));
        assertEquals(272 - 34, padding.bodyBytes(KademliaOp.FIND_NODE), "a FIND_NODE that asks nothing is padded as before");

        PeerId a = PeerId.fromHex("aa".repeat(20));
        byte[] find = KademliaCodec.encode(new KademliaCodec.FindNode(a, true));
        assertEquals(hex("aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa aa  01"), HEX.formatHex(find));
        assertEquals(new KademliaCodec.FindNode(a, true), KademliaCodec.decodeRequest(KademliaOp.FIND_NODE.request(),
                KademliaCodec.padded(find, 320), 1024));
        assertFalse(KademliaCodec.decodeRequest(KademliaOp.FIND_NODE.request(), KademliaCodec.padded(a.toBytes(), 272),
                1024).asksRecord(), "zero padding is no request");

        NodeRecord alice = new NodeRecord("alice", List.of(NodeAddress.parse("192.168.1.20:4000"),
                NodeAddress.parse("[2001:db8::1]:80")), 0x0102030405060708L, filled(32, 0x33), filled(64, 0x44));
        List<PeerContact> one = List.of(new PeerContact(PeerId.fromHex("bb".repeat(20)),
                NodeAddress.parse("192.168.1.20:4000")));
        byte[] answer = ReplyCodec.nodes(one, Optional.of(alice), 1198);
        assertEquals(hex("01  04 bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb bb c0 a8 01 14 0f a0"
                + "01  01 02 03 04 05 06 07 08" + "33".repeat(32) + "05 61 6c 69 63 65"
                + "02  04 c0 a8 01 14 0f a0  06 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 50"
                + "44".repeat(64)), HEX.formatHex(answer));
        assertEquals(new ReplyCodec.NodesReply(one, Optional.of(alice)), ReplyCodec.decodeNodes(answer));
        assertEquals(Optional.of(alice), ReplyCodec.decodePong(ReplyCodec.pong(Optional.of(alice), 1198)));
        assertEquals(Optional.empty(), ReplyCodec.decodePong(ReplyCodec.pong(Optional.of(alice), 100)),
                "a record over the budget is left out");
    }

    @Test
    void anAnswerPutsTheRecordFirstAndCutsContactsToTheBudget() {
        NodeRecord r = NodeRecord.sign(ATTACKER, "n".repeat(10), List.of(NodeAddress.parse("10.0.0.1:4000")), 1);
        List<PeerContact> twenty = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(new PeerContact(PeerId.fromHex(String.format("%040x", i + 1)), NodeAddress.parse("10.0.0." + (i + 2)
                    + ":4000")));
        }
        assertEquals(158 - 34, ReplyCodec.pong(Optional.of(r), 1198).length, "158-byte PING answer");
        assertEquals(699 - 34, ReplyCodec.nodes(twenty, Optional.of(r), 1198).length, "699-byte FIND_NODE answer");
        byte[] cut = ReplyCodec.nodes(twenty, Optional.of(r), 300);
        ReplyCodec.NodesReply reply = ReplyCodec.decodeNodes(cut);
        assertAll(() -> assertTrue(cut.length <= 300), () -> assertEquals(Optional.of(r), reply.record()),
                () -> assertEquals(twenty.subList(0, reply.contacts().size()), reply.contacts()),
                () -> assertEquals(6, reply.contacts().size()));
    }

    @Test
    void anAttackerAtItsOwnAddressCannotTakeOverASilentContactsId() {
        Cluster c = new Cluster(51);
        List<Cluster.Member> nodes = c.grow(8);
        Cluster.Member target = nodes.get(0);
        Cluster.Member victim = nodes.get(4);
        NodeRecord real = recordOf(victim);
        assertTrue(knowsAt(target, victim.contact()));
        victim.dispatcher().closeNow(); // silent from now on: its known address will miss calls
        victim.endpoint().close();
        // 1. Answers as the victim with the victim's real record (which names the victim's address).
        RawPeer replayer = answering(c.network.endpoint(), victim.contact().id(), Optional.of(real));
        // 2. Answers as the victim with no record at all.
        RawPeer bare = answering(c.network.endpoint(), victim.contact().id(), Optional.empty());
        for (RawPeer attacker : List.of(replayer, bare)) {
            attacker.send(target.contact().address(), victim.contact().id(), new KademliaCodec.Ping());
            c.await(target.node().bootstrap(List.of(attacker.address()))); // as an announcement would make it
        }
        c.runFor(Duration.ofSeconds(30));
        assertAll(
                () -> assertFalse(knowsAt(target, new PeerContact(victim.contact().id(), replayer.address()))),
                () -> assertFalse(knowsAt(target, new PeerContact(victim.contact().id(), bare.address()))),
                () -> assertEquals(0, counter(target, "kademlia.addressChanges"), "never moved"),
                // Both times: the victim's verified record, the newest held, names another address.
                () -> assertTrue(refused(target, RejectReason.ADDRESS_NOT_IN_RECORD) >= 2,
                        "refusals: " + target.node().stats().rejected()));
    }

    @Test
    void aBootstrapAddressThatAnswersWithARecordOfAnotherAddressLeadsToThatAddress() {
        Cluster c = new Cluster(55);
        List<Cluster.Member> nodes = c.grow(4);
        Cluster.Member real = nodes.get(2);
        // As a peer given by a second address of its host would answer, or a relay of its record.
        RawPeer elsewhere = answering(c.network.endpoint(), real.contact().id(), Optional.of(recordOf(real)));
        Cluster.Member fresh = c.add("fresh");
        c.await(fresh.node().start());
        assertTrue(c.await(fresh.node().bootstrap(List.of(elsewhere.address()))), "joined through the recorded address");
        c.runFor(Duration.ofSeconds(5));
        assertAll(() -> assertTrue(knowsAt(fresh, real.contact()), fresh.node().knownPeers().toString()),
                () -> assertFalse(knowsAt(fresh, new PeerContact(real.contact().id(), elsewhere.address()))),
                () -> assertEquals(1, refused(fresh, RejectReason.ADDRESS_NOT_IN_RECORD)));
    }

    @Test
    void anAttackerCannotClaimIdsItDoesNotOwn() {
        Cluster c = new Cluster(52);
        List<Cluster.Member> nodes = c.grow(6);
        Cluster.Member target = nodes.get(0);
        NodeRecord real = recordOf(nodes.get(3));
        InMemoryEndpoint ownEndpoint = c.network.endpoint();
        NodeAddress evil = ownEndpoint.localAddress();
        PeerId madeUp = PeerId.fromHex("5a".repeat(20));
        // 1. A made-up id, answering with the attacker's own (valid) record: about another id.
        RawPeer ownKey = answering(ownEndpoint, madeUp,
                Optional.of(NodeRecord.sign(ATTACKER, "evil", List.of(evil), 1)));
        // 2. A real peer's key and the attacker's address under a higher sequence, with a forged signature.
        InMemoryEndpoint forgedEndpoint = c.network.endpoint();
        NodeRecord forged = new NodeRecord(real.name(), List.of(forgedEndpoint.localAddress()), real.sequence() + 1,
                real.publicKey(), filled(64, 0x44));
        RawPeer forger = answering(forgedEndpoint, real.peerId(), Optional.of(forged));
        // 3. A made-up id, no record.
        RawPeer bare = answering(c.network.endpoint(), madeUp, Optional.empty());
        for (RawPeer attacker : List.of(ownKey, forger, bare)) {
            c.await(target.node().bootstrap(List.of(attacker.address())));
        }
        c.runFor(Duration.ofSeconds(5));
        List<PeerId> ids = target.node().knownPeers().stream().map(PeerContact::id).toList();
        assertAll(() -> assertFalse(ids.contains(madeUp), ids.toString()),
                () -> assertFalse(knowsAt(target, new PeerContact(real.peerId(), forgedEndpoint.localAddress()))),
                () -> assertTrue(knowsAt(target, nodes.get(3).contact()), "the real peer keeps its place"),
                () -> assertEquals(1, refused(target, RejectReason.RECORD_OF_ANOTHER_ID)),
                () -> assertEquals(1, refused(target, RejectReason.RECORD_REFUSED)),
                () -> assertEquals(1, counter(target, "kademlia.records.refused.BAD_SIGNATURE")),
                () -> assertEquals(1, refused(target, RejectReason.NO_RECORD)));
    }

    @Test
    void aSteadyStateLookupPaysNoSignatureCheck() {
        Cluster c = new Cluster(53);
        List<Cluster.Member> nodes = c.grow(24);
        c.runFor(Duration.ofSeconds(30));
        Cluster.Member asker = nodes.get(5);
        var checker = c.checkerOf(asker.contact().id());
        long checksBefore = checker.checked();
        for (Cluster.Member m : nodes) {
            assertTrue(c.await(asker.node().lookup(m.contact().id())).isPresent() || m == asker);
        }
        long firstPass = checker.checked() - checksBefore;
        long rpcs = counter(asker, "kademlia.rpcAttempts");
        long checks = checker.checked();
        for (Cluster.Member m : nodes) {
            c.await(asker.node().lookup(m.contact().id()));
        }
        long secondRpcs = counter(asker, "kademlia.rpcAttempts") - rpcs;
        long secondChecks = checker.checked() - checks;
        System.out.printf("signature checks per lookup RPC: first pass %d checks, second pass %d checks for %d RPCs%n",
                firstPass, secondChecks, secondRpcs);
        assertAll(() -> assertTrue(firstPass <= nodes.size() - 1, "each record checked once at most: " + firstPass),
                () -> assertTrue(secondRpcs >= nodes.size(), "the lookups called peers: " + secondRpcs),
                () -> assertEquals(0, secondChecks, "no check per RPC once the records are held"));
    }

    @Test
    void keylessNodesAdmitEachOtherOnTheirAddressAndKeyedOnesRefuseThem() {
        Cluster c = new Cluster(54);
        List<Cluster.Member> keyed = c.grow(4);
        List<KademliaNode> keyless = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            InMemoryEndpoint e = c.network.endpoint();
            PeerId id = PeerId.random(c.random);
            RequestsDispatcher d = c.net.newNode().id(id).endpoint(e).start().dispatcher();
            KademliaNode n = KademliaNodes.create(c.config, new PeerRecord(new PeerContact(id, e.localAddress()), "k" + i),
                    d, c.scheduler, c.random.split(), new InMemoryNodeStateStore());
            c.await(n.start());
            if (!keyless.isEmpty()) {
                c.await(n.bootstrap(List.of(keyless.get(0).self().contact().address())));
            }
            keyless.add(n);
        }
        c.runFor(Duration.ofSeconds(5));
        for (KademliaNode n : keyless) {
            assertEquals(3, n.knownPeers().size(), n.self() + " knows " + n.knownPeers());
        }
        KademliaNode visitor = keyless.get(1);
        assertTrue(c.await(visitor.bootstrap(List.of(keyed.get(0).contact().address()))), "a keyless node uses keyed ones");
        c.runFor(Duration.ofSeconds(5));
        Map<RejectReason, Long> refusals = keyed.get(0).node().stats().rejected();
        assertAll(() -> assertFalse(keyed.get(0).node().knownPeers().contains(visitor.self().contact())),
                () -> assertTrue(refusals.getOrDefault(RejectReason.NO_RECORD, 0L) >= 1, refusals.toString()),
                () -> assertTrue(visitor.knownPeers().contains(keyed.get(0).contact())));
    }
}
