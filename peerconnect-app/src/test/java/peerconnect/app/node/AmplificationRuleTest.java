package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.testkit.core.TestRandom;

/**
 * The rule, for every request type of every service: a node that has a lot to say (a full
 * routing table, big values, peer lists, eight 300-byte rumors) answers a source that has not proven
 * its address with at most 3x the request's bytes in total, and a verified source with the full answer
 * (docs/PROTOCOL.md, "Amplification"). The requests are the smallest valid ones, built byte by byte
 * from docs/PROTOCOL.md, sent from raw endpoints on the same in-memory network as 25 real nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmplificationRuleTest {
    private static final EnvelopeCodec CODEC = EnvelopeCodec.create();
    private static final int NODES = 25;
    private static final int RUMORS = 8;
    private static final int VALUES = 8;
    private static final Duration WINDOW = Duration.ofMillis(500);
    // Kademlia sub-headers and gossip headers of docs/PROTOCOL.md.
    private static final byte PING = 1, STORE = 2, FIND_NODE = 3, FIND_VALUE = 4, STORE_PEERS_IN_LIST = 5,
            FIND_PEER_LIST = 6, SEARCH_PEERS = 7;
    private static final byte SIGNED_MESSAGE = 9, SEARCH_REQ = 2, DIGEST = 4, PULL_REQUEST = 5, ADDRESS_CHECK = 6, SHUFFLE = 7;

    private InMemoryNodes nodes;
    private PeerNode target;
    private NodeAddress targetAddress;
    private final List<PeerId> valueKeys = new ArrayList<>();
    private final List<Long> rumorIds = new ArrayList<>();
    private List<PeerNode> publishers;
    private final SplittableRandom random = new SplittableRandom(70);

    /** One request of the table: a name, and how to build it for a stranger with a given id and address. */
    private record Case(String name, RootCode root, byte op, Function<Stranger, byte[]> body) {
    }

    /** A raw endpoint: hears what the target sends it; answers PINGs and address checks if it is honest. */
    private final class Stranger {
        final InMemoryEndpoint endpoint = nodes.network.endpoint();
        final NodeKey key = NodeKey.generate(TestRandom.secure(random.nextLong()));
        final PeerId id = key.peerId();
        final List<Message> heard = new ArrayList<>();
        int bytesHeard;
        boolean answers;
        RootCode service;

        Stranger() {
            endpoint.start((from, datagram) -> {
                if (!from.equals(targetAddress)) {
                    return; // others learn of us from the target's table and look us up: not the target's reply
                }
                Message m = ((DecodeResult.Decoded) CODEC.decode(datagram)).message();
                if (service != null && m.rootCode() != service) {
                    return; // another service's own traffic (a digest once we are a known peer): not an answer
                }
                if (m.rootCode() == RootCode.DISCOVERY && m.op() == DiscoveryCodec.NETWORK_FIND) {
                    return; // the target's scheduled announcement to everyone, not an answer to us
                }
                if (m.rootCode() == RootCode.KADEMLIA && m.kind() == MessageKind.REQUEST) {
                    // The target's own lookups and pings, which may pass by us once we are in its table
                    // (admission of unverified contacts is the routing table's quota, not this rule).
                    if (answers && m.op() == PING) {
                        endpoint.send(from, CODEC.encode(m.replyWith((byte) (PING | 0x80), id, new byte[0])));
                    }
                    return;
                }
                heard.add(m);
                bytesHeard += datagram.length;
                if (answers && m.kind() == MessageKind.REQUEST && m.rootCode() == RootCode.GOSSIP
                        && m.op() == ADDRESS_CHECK) {
                    endpoint.send(from, CODEC.encode(m.replyWith(ADDRESS_CHECK, id, m.body())));
                }
            });
        }

        int send(Case c) {
            service = c.root();
            byte[] datagram = CODEC.encode(Message.request(c.root(), c.op(), new MessageId(random.nextLong()), id,
                    c.body().apply(this)));
            endpoint.send(targetAddress, datagram);
            return datagram.length;
        }

        NodeAddress address() {
            return endpoint.localAddress();
        }

        long count(RootCode root, byte header) {
            return heard.stream().filter(m -> m.rootCode() == root && m.op() == header).count();
        }
    }

    @BeforeAll
    void startANodeWithLotsToSay(@TempDir Path dir) {
        nodes = new InMemoryNodes(70, dir);
        List<PeerNode> all = nodes.startMany("amp", NODES);
        nodes.run(Duration.ofSeconds(60));
        target = all.get(0);
        targetAddress = target.self().contact().address();
        for (int i = 0; i < VALUES; i++) {
            PeerId key = randomId();
            valueKeys.add(key);
            byte[] value = new byte[1000];
            random.nextBytes(value);
            all.get(1 + i).dht().put(key, value);
        }
        publishers = all.subList(1, 1 + RUMORS);
        nodes.run(Duration.ofSeconds(10));
        assertTrue(target.dht().knownPeers().size() >= 20, "a full bucket's worth of contacts to give away");
    }

    /** Eight fresh 300-byte rumors that the target holds (a rumor can be pulled for 30 s after it arrived). */
    private void publishRumors() {
        rumorIds.clear();
        for (PeerNode p : publishers) {
            rumorIds.add(p.gossip().publish(new byte[300]).value());
        }
        nodes.run(Duration.ofSeconds(2));
    }

    @AfterAll
    void stop() {
        nodes.close();
    }

    private List<Case> table() {
        List<Case> cases = new ArrayList<>(gossipAndDiscoveryCases());
        cases.add(new Case("kademlia PING", RootCode.KADEMLIA, PING, s -> new byte[0]));
        cases.add(new Case("kademlia STORE (empty value)", RootCode.KADEMLIA, STORE,
                s -> ByteBuffer.allocate(26).put(randomId().toBytes()).putInt(60).putShort((short) 0).array()));
        cases.add(new Case("kademlia FIND_NODE", RootCode.KADEMLIA, FIND_NODE, s -> randomId().toBytes()));
        for (PeerId key : valueKeys) {
            cases.add(new Case("kademlia FIND_VALUE " + key.shortHex(), RootCode.KADEMLIA, FIND_VALUE, s -> key.toBytes()));
        }
        cases.add(new Case("kademlia STORE_PEERS_IN_LIST", RootCode.KADEMLIA, STORE_PEERS_IN_LIST,
                s -> ByteBuffer.allocate(48).put(listKey(0).toBytes()).put((byte) 4).put(s.id.toBytes())
                        .put(s.address().ip().getAddress()).putShort((short) s.address().port()).put((byte) 0).array()));
        for (int i = 0; i < 20; i++) {
            PeerId key = listKey(i);
            cases.add(new Case("kademlia FIND_PEER_LIST " + i, RootCode.KADEMLIA, FIND_PEER_LIST, s -> key.toBytes()));
            cases.add(new Case("kademlia SEARCH_PEERS " + i + " (empty query)", RootCode.KADEMLIA, SEARCH_PEERS,
                    s -> ByteBuffer.allocate(21).put(key.toBytes()).put((byte) 0).array()));
        }
        return cases;
    }

    /** First in the table, while the rumors are fresh. */
    private List<Case> gossipAndDiscoveryCases() {
        List<Case> cases = new ArrayList<>();
        // Key and signature left zero: refused unanswered, as every rumor is (no reply is ever sent to one).
        cases.add(new Case("gossip SIGNED_MESSAGE (empty payload)", RootCode.GOSSIP, SIGNED_MESSAGE,
                s -> ByteBuffer.allocate(127).putLong(random.nextLong()).put(s.id.toBytes()).put((byte) 0)
                        .putShort((short) 0).array()));
        cases.add(new Case("gossip SEARCH_REQ", RootCode.GOSSIP, SEARCH_REQ,
                s -> ByteBuffer.allocate(32).putLong(random.nextLong()).put(s.id.toBytes()).put((byte) 0).put((byte) 0)
                        .put((byte) 1).put((byte) 'a').array()));
        cases.add(new Case("gossip DIGEST (no ids)", RootCode.GOSSIP, DIGEST, s -> new byte[2]));
        for (long id : rumorIds) {
            cases.add(new Case("gossip PULL_REQUEST (one id)", RootCode.GOSSIP, PULL_REQUEST,
                    s -> ByteBuffer.allocate(10).putShort((short) 1).putLong(id).array()));
        }
        cases.add(new Case("gossip PULL_REQUEST (all ids)", RootCode.GOSSIP, PULL_REQUEST, s -> {
            ByteBuffer b = ByteBuffer.allocate(2 + 8 * rumorIds.size()).putShort((short) rumorIds.size());
            rumorIds.forEach(b::putLong);
            return b.array();
        }));
        cases.add(new Case("gossip ADDRESS_CHECK", RootCode.GOSSIP, ADDRESS_CHECK, s -> new byte[8]));
        // The smallest shuffle (no entries, no ids) asks for the largest answer relative to its size.
        cases.add(new Case("gossip SHUFFLE (empty)", RootCode.GOSSIP, SHUFFLE, s -> new byte[2]));
        cases.add(new Case("discovery NETWORK_FIND (signed)", RootCode.DISCOVERY, DiscoveryCodec.NETWORK_FIND, s -> {
            long now = nodes.scheduler.clock().millis();
            byte[] signature = s.key.sign(DiscoveryCodec.signedBytes(DiscoveryCodec.NETWORK_FIND, s.id, s.address(), now,
                    s.id, 0));
            return DiscoveryCodec.encodeFind(s.address(), s.key.publicKey(), now, signature);
        }));
        return cases;
    }

    @Test
    void everyRequestTypeFromAnUnverifiedSourceGetsAtMostThreeTimesItsSizeBack() {
        publishRumors();
        List<String> report = new ArrayList<>();
        int answered = 0;
        List<Case> table = table();
        for (Case c : table) {
            Stranger stranger = new Stranger();
            int request = stranger.send(c);
            nodes.run(WINDOW);
            report.add(c.name() + ": " + request + " -> " + stranger.bytesHeard);
            assertTrue(stranger.bytesHeard <= 3 * request, c.name() + ": " + stranger.bytesHeard + " bytes back for a "
                    + request + "-byte request; " + stranger.heard);
            answered += stranger.heard.isEmpty() ? 0 : 1;
            stranger.endpoint.close();
        }
        System.err.println("amplification table, unverified sources:\n  " + String.join("\n  ", report));
        assertTrue(answered >= table.size() / 2, "most requests are answered, only smaller: " + report);
        assertEquals(0, target.status().dispatcher().repliesRefusedOverBudget(),
                "every handler trimmed its own answer; the dispatcher's safety net never had to refuse one");
    }

    @Test
    void aVerifiedSourceGetsTheFullAnswer() {
        Stranger verified = new Stranger();
        verified.answers = true;
        target.dht().bootstrap(List.of(verified.address())); // the target pings it, it answers: verified
        nodes.run(WINDOW);
        Stranger unverified = new Stranger();

        Case findNode = new Case("FIND_NODE", RootCode.KADEMLIA, FIND_NODE, s -> randomId().toBytes());
        int request = verified.send(findNode);
        unverified.send(findNode);
        nodes.run(WINDOW);
        int full = contactsIn(lastReply(verified, FIND_NODE));
        assertEquals(20, full, "k contacts for a verified source");
        assertTrue(contactsIn(lastReply(unverified, FIND_NODE)) < full, "fewer for an unverified one");
        assertTrue(verified.bytesHeard > 3 * request, "the full answer is more than 3x the request");

        long valuesFound = 0;
        for (PeerId key : valueKeys) {
            verified.send(new Case("FIND_VALUE", RootCode.KADEMLIA, FIND_VALUE, s -> key.toBytes()));
            nodes.run(WINDOW);
            valuesFound += lastReply(verified, FIND_VALUE).body()[0] == 1 ? 1 : 0;
        }
        assertTrue(valuesFound > 0, "a 1000-byte value held by the target goes to a verified source");

        publishRumors();
        ByteBuffer all = ByteBuffer.allocate(2 + 8 * rumorIds.size()).putShort((short) rumorIds.size());
        rumorIds.forEach(all::putLong);
        verified.heard.clear();
        verified.send(new Case("PULL_REQUEST", RootCode.GOSSIP, PULL_REQUEST, s -> all.array()));
        nodes.run(WINDOW);
        assertEquals(RUMORS, verified.count(RootCode.GOSSIP, SIGNED_MESSAGE), "every rumor asked for, at once");
    }

    @Test
    void aPaddedFindFromAnUnverifiedSourceEarnsAFullAnswer() {
        Stranger stranger = new Stranger();
        // A third of the largest FIND_NODE answer (34 + 1 + 20 x 39 bytes), as nodes pad to peers that do not know them.
        int padTo = (34 + 1 + 20 * 39 + 2) / 3 - 34;
        stranger.send(new Case("padded FIND_NODE", RootCode.KADEMLIA, FIND_NODE, s -> Arrays.copyOf(randomId().toBytes(),
                padTo)));
        nodes.run(WINDOW);
        assertEquals(20, contactsIn(lastReply(stranger, FIND_NODE)));
    }

    private static Message lastReply(Stranger s, byte requestHeader) {
        byte reply = (byte) (requestHeader | 0x80);
        Message last = null;
        for (Message m : s.heard) {
            if (m.kind() == MessageKind.REPLY && m.rootCode() == RootCode.KADEMLIA && m.op() == reply) {
                last = m;
            }
        }
        assertTrue(last != null, "a reply to header " + requestHeader + " among " + s.heard);
        return last;
    }

    private static int contactsIn(Message findNodeReply) {
        return findNodeReply.body()[0] & 0xff;
    }

    /** Peer-list key {@code i}: floor(i * 2^160 / 20) (docs/PROTOCOL.md, "Peer lists"). */
    private static PeerId listKey(int i) {
        byte[] raw = BigInteger.ONE.shiftLeft(160).multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(20))
                .toByteArray();
        byte[] id = new byte[PeerId.BYTES];
        int n = Math.min(raw.length, PeerId.BYTES);
        System.arraycopy(raw, raw.length - n, id, PeerId.BYTES - n, n);
        return PeerId.of(id);
    }

    private PeerId randomId() {
        byte[] b = new byte[PeerId.BYTES];
        random.nextBytes(b);
        return PeerId.of(b);
    }
}
