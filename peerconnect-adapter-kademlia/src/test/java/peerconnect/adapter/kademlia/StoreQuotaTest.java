package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;

/** STORE refusals on live nodes: answered with a status the requester counts, and counted by the refuser. */
class StoreQuotaTest {

    private static KademliaCodec.StoreStatus status(RawPeer p, int i) {
        return ReplyCodec.decodeStatus(p.repliesTo(KademliaOp.STORE).get(i).body());
    }

    @Test
    void aSourceBeyondItsQuotaIsRefusedWithStatus04() {
        // A store of 4: alone, a source's share is half of it (2), as the floor says.
        Cluster c = new Cluster(31, KademliaConfig.defaults().withMaxStoredValues(4)
                .withQuotas(new KademliaQuotas(2, 3, 5, false, 32, 16)));
        Cluster.Member target = c.grow(2).get(0);
        RawPeer source = RawPeer.silent(c.network.endpoint());
        SplittableRandom random = new SplittableRandom(1);
        PeerId as = PeerId.random(random);
        PeerId first = PeerId.random(random);
        for (PeerId key : List.of(first, PeerId.random(random), PeerId.random(random), first)) {
            source.send(target.contact().address(), as, new KademliaCodec.Store(key, 3600, new byte[] {1}));
            c.runFor(Duration.ofMillis(100)); // one at a time: the in-memory network's jitter may reorder
        }
        assertEquals(4, source.repliesTo(KademliaOp.STORE).size());
        assertEquals(KademliaCodec.StoreStatus.STORED, status(source, 0));
        assertEquals(KademliaCodec.StoreStatus.STORED, status(source, 1));
        assertEquals(KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA, status(source, 2));
        assertEquals(KademliaCodec.StoreStatus.STORED, status(source, 3), "replacing its own value needs no room");
        assertEquals(1L, target.node().stats().rejected().get(RejectReason.SOURCE_QUOTA));

        RawPeer other = RawPeer.silent(c.network.endpoint());
        other.send(target.contact().address(), PeerId.random(random), new KademliaCodec.Store(PeerId.random(random), 3600,
                new byte[] {2}));
        c.runFor(Duration.ofSeconds(1));
        assertEquals(KademliaCodec.StoreStatus.STORED, status(other, 0), "another address has its own quota");
    }

    @Test
    void oneSourceHoldsAtMostItsShareOfAPeerList() {
        Cluster c = new Cluster(34, KademliaConfig.defaults().withQuotas(new KademliaQuotas(256, 3, 5, false, 32, 2)));
        Cluster.Member target = c.grow(2).get(0);
        RawPeer source = RawPeer.silent(c.network.endpoint());
        SplittableRandom random = new SplittableRandom(4);
        PeerId list = PeerLists.keys().get(0);
        List<peerconnect.domain.NodeRecord> fakes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fakes.add(peerconnect.domain.NodeRecord.sign(peerconnect.domain.NodeKey.forSimulation(300 + i),
                    "fake-" + i, List.of(source.address()), 1));
        }
        fakes.add(fakes.get(0)); // refreshing one of its own entries needs no room
        for (peerconnect.domain.NodeRecord r : fakes) {
            source.send(target.contact().address(), PeerId.random(random), new KademliaCodec.StorePeerInList(list, r));
            c.runFor(Duration.ofMillis(100));
        }
        assertEquals(List.of(KademliaCodec.StoreStatus.STORED, KademliaCodec.StoreStatus.STORED, KademliaCodec.StoreStatus.REFUSED_SOURCE_QUOTA,
                KademliaCodec.StoreStatus.STORED), source.repliesTo(KademliaOp.STORE_PEERS_IN_LIST).stream()
                .map(m -> ReplyCodec.decodeStatus(m.body())).toList());
        assertEquals(1L, target.node().stats().rejected().get(RejectReason.SOURCE_QUOTA));
    }

    @Test
    void aTooLargeValueIsAnsweredWithStatus01() {
        Cluster c = new Cluster(32);
        Cluster.Member target = c.grow(2).get(0);
        RawPeer source = RawPeer.silent(c.network.endpoint());
        SplittableRandom random = new SplittableRandom(2);
        source.send(target.contact().address(), PeerId.random(random), new KademliaCodec.Store(PeerId.random(random), 3600,
                new byte[c.config.maxValueBytes() + 1]));
        c.runFor(Duration.ofSeconds(1));
        assertEquals(KademliaCodec.StoreStatus.REFUSED_TOO_LARGE, status(source, 0));
        assertEquals(1L, target.node().stats().rejected().get(RejectReason.VALUE_TOO_LARGE));
    }

    @Test
    void refusalsOfAFullStoreAreCountedByTheRequester() {
        KademliaConfig one = new KademliaConfig(20, 3, Duration.ofSeconds(1), 1, 1024, Duration.ofHours(1),
                Duration.ofMinutes(20), Duration.ofHours(1), 8, 1, 256, Duration.ofMinutes(10), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(1));
        Cluster c = new Cluster(33, one);
        List<Cluster.Member> nodes = c.grow(5);
        SplittableRandom random = new SplittableRandom(3);
        assertEquals(4, c.await(nodes.get(0).node().put(PeerId.random(random), new byte[] {1})));
        Cluster.Member publisher = nodes.get(1);
        assertEquals(0, c.await(publisher.node().put(PeerId.random(random), new byte[] {2})), "every other store is full");
        assertEquals(4, publisher.node().stats().storesRefused());
        long full = nodes.stream().mapToLong(m -> m.node().stats().rejected().getOrDefault(RejectReason.STORE_FULL, 0L))
                .sum();
        assertEquals(4, full);
    }
}
