package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/** Nodes on the in-memory network, by example: the façade end to end, bad input, restart. */
class KademliaNodeTest {

    @Test
    void aLoneNodeIsNotBootstrappedAndBootstrapThroughNobodyFails() {
        Cluster c = new Cluster(1);
        Cluster.Member m = c.add("alone");
        assertFalse(c.await(m.node().start()));
        assertFalse(m.node().isBootstrapped());
        assertFalse(c.await(m.node().bootstrap(List.of(NodeAddress.parse("198.19.0.1:4000")))));
        assertEquals(List.of(), m.node().knownPeers());
    }

    @Test
    void nodesFindEachOtherAndStoreAndFetchValues() {
        Cluster c = new Cluster(2);
        List<Cluster.Member> nodes = c.grow(40);
        for (Cluster.Member m : nodes) {
            assertTrue(m.node().isBootstrapped(), m.node().toString());
            assertFalse(m.node().knownPeers().contains(m.contact()), "never itself");
        }
        Cluster.Member first = nodes.get(3);
        Cluster.Member last = nodes.get(39);
        assertEquals(Optional.of(last.contact()), c.await(first.node().lookup(last.contact().id())));

        PeerId key = PeerId.random(new SplittableRandom(5));
        int acks = c.await(first.node().put(key, new byte[] {4, 2}));
        assertEquals(20, acks, "stored at k peers");
        for (Cluster.Member m : List.of(nodes.get(0), nodes.get(17), last)) {
            assertArrayEquals(new byte[] {4, 2}, c.await(m.node().get(key)).orElseThrow());
        }
        assertEquals(Optional.empty(), c.await(last.node().get(PeerId.random(new SplittableRandom(6)))));

        List<PeerContact> closest = c.await(last.node().closestPeers(key, 5));
        assertEquals(5, closest.size());
        List<PeerContact> sorted = nodes.stream().map(Cluster.Member::contact).filter(p -> !p.equals(last.contact()))
                .sorted((a, b) -> a.id().distance(key).compareTo(b.id().distance(key))).limit(5).toList();
        assertEquals(sorted, closest);
    }

    @Test
    void valuesExpireUnlessTheirPublisherRepublishes() {
        Cluster c = new Cluster(3);
        List<Cluster.Member> nodes = c.grow(25);
        PeerId key = PeerId.random(new SplittableRandom(1));
        c.await(nodes.get(1).node().put(key, new byte[] {1}));
        c.runFor(Duration.ofHours(2)); // six republishes of a 1 h TTL
        assertTrue(c.await(nodes.get(20).node().get(key)).isPresent(), "kept alive by its publisher");

        nodes.get(1).node().stop();
        c.runFor(Duration.ofMinutes(61));
        assertEquals(Optional.empty(), c.await(nodes.get(20).node().get(key)), "expired once nobody republished");
    }

    @Test
    void peersRegisterInPeerListsAndCanBeSearchedByName() {
        Cluster c = new Cluster(4);
        List<Cluster.Member> nodes = c.grow(30);
        // Each peer registers right after joining, at the k peers then closest to its list key; peers
        // that join later near that key learn the entry at the next registration (10 min).
        c.runFor(Duration.ofMinutes(11));
        List<PeerRecord> found = c.await(nodes.get(0).node().searchPeers("NODE-2"));
        List<String> names = found.stream().map(PeerRecord::name).sorted().toList();
        assertEquals(List.of("node-2", "node-20", "node-21", "node-22", "node-23", "node-24", "node-25", "node-26",
                "node-27", "node-28", "node-29"), names);
        assertEquals(30, c.await(nodes.get(7).node().searchPeers("")).size(), "every peer is listed somewhere");

        Cluster.Member someone = nodes.get(12);
        PeerId listKey = PeerListKeys.listFor(someone.contact().id());
        List<PeerRecord> list = c.await(nodes.get(29).node().findPeerList(listKey));
        assertTrue(list.contains(someone.node().self()), list.toString());
    }

    @Test
    void malformedRequestsAreCountedAndNeverCrashTheNode() {
        Cluster c = new Cluster(5);
        List<Cluster.Member> nodes = c.grow(3);
        Cluster.Member target = nodes.get(0);
        InMemoryEndpoint attacker = c.network.endpoint();
        attacker.start((from, d) -> { });
        EnvelopeCodec codec = EnvelopeCodec.create();
        PeerId evil = PeerId.random(new SplittableRandom(9));
        SplittableRandom random = new SplittableRandom(10);
        for (int i = 0; i < 500; i++) {
            byte[] body = new byte[random.nextInt(100)];
            random.nextBytes(body);
            byte header = (byte) random.nextInt(256);
            if (header == KademliaOp.PING.request()) {
                header = 0x7e;
            }
            attacker.send(target.contact().address(), codec.encode(Message.request(RootCode.KADEMLIA, header,
                    new MessageId(i), evil, body)));
        }
        c.runFor(Duration.ofSeconds(1));
        KademliaStats stats = target.node().stats();
        assertTrue(stats.totalRejected() > 400, stats.toString());
        assertEquals(0, target.dispatcher().stats().handlerFailures(), "nothing escaped the handler");
        assertFalse(target.node().knownPeers().stream().anyMatch(p -> p.id().equals(evil)),
                "a sender of garbage does not enter the table");
        assertTrue(c.await(nodes.get(1).node().lookup(nodes.get(2).contact().id())).isPresent(), "still works");
    }

    @Test
    void aRestartedNodeRejoinsFromItsSavedStateWithoutABootstrapAddress() {
        Cluster c = new Cluster(6);
        List<Cluster.Member> nodes = c.grow(20);
        Cluster.Member leaving = nodes.get(10);
        PeerId key = PeerId.random(new SplittableRandom(3));
        c.await(leaving.node().put(key, new byte[] {7}));

        leaving.node().stop();
        leaving.dispatcher().closeNow();
        leaving.endpoint().close();
        assertTrue(leaving.store().read(StateFile.NAME).isPresent(), "state saved on stop");
        c.runFor(Duration.ofSeconds(10));

        InMemoryEndpoint again = c.network.endpoint(leaving.contact().address());
        Cluster.Member back = c.add(leaving.contact().id(), again, leaving.store(), "node-10");
        assertTrue(c.await(back.node().start()), "bootstrapped from saved contacts alone");
        assertTrue(back.node().knownPeers().size() >= 15, back.node().knownPeers().toString());
        assertArrayEquals(new byte[] {7}, c.await(nodes.get(3).node().get(key)).orElseThrow());
        assertTrue(c.await(nodes.get(2).node().lookup(back.contact().id())).isPresent(), "others reach it again");
    }

    @Test
    void aCorruptStateFileIsSetAsideAndTheNodeStillStarts() {
        Cluster c = new Cluster(7);
        InMemoryNodeStateStore store = new InMemoryNodeStateStore();
        byte[] garbage = "not a state file at all".getBytes();
        store.write(StateFile.NAME, garbage);
        InMemoryEndpoint e = c.network.endpoint();
        Cluster.Member m = c.add(PeerId.random(c.random), e, store, "x");
        assertFalse(c.await(m.node().start()));
        byte[] fresh = store.read(StateFile.NAME).orElseThrow(() -> new AssertionError("a fresh state written at start"));
        assertEquals(m.contact().id(), Snapshot.decode(fresh, 1024).self(), "the garbage was moved out of the way");
        assertArrayEquals(garbage, store.setAsideContents(StateFile.NAME + ".corrupt-0").orElseThrow(),
                "kept for a person to look at");
        assertEquals(1L, m.node().stats().rejected().get(RejectReason.CORRUPT_STATE));
    }

    @Test
    void aValueOverTheBoundIsRefusedAtOnce() {
        Cluster c = new Cluster(8);
        Cluster.Member m = c.grow(2).get(0);
        Executable put = () -> m.node().put(PeerId.random(c.random), new byte[1025]).join();
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, put);
        assertTrue(e.getCause() instanceof IllegalArgumentException, e.toString());
    }

    @Test
    void deadContactsAreEvictedAndLookupsRouteAroundThem() {
        Cluster c = new Cluster(9);
        List<Cluster.Member> nodes = c.grow(40);
        for (int i = 5; i < 15; i++) {
            nodes.get(i).dispatcher().closeNow();
            nodes.get(i).endpoint().close();
        }
        Cluster.Member asker = nodes.get(0);
        assertEquals(Optional.of(nodes.get(30).contact()), c.await(asker.node().lookup(nodes.get(30).contact().id())));
        c.await(asker.node().closestPeers(nodes.get(7).contact().id(), 20));
        // A missed call is a strike, not an eviction: rechecks after 1, 2, 4 and 8 s collect the five
        // strikes that evict a contact nobody else waits for, well within 30 s.
        c.runFor(Duration.ofSeconds(30));
        assertFalse(asker.node().knownPeers().contains(nodes.get(7).contact()), "the dead peer was dropped");
        assertTrue(asker.node().stats().evictions() > 0);
    }
}
