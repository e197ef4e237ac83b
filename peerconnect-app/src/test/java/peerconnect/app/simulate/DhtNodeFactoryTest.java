package peerconnect.app.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.app.store.DiscardingStateStore;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureVerifier;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;
import org.junit.jupiter.api.Test;

/** Nodes made with their Ed25519 work in parallel are the nodes one-at-a-time making would give. */
class DhtNodeFactoryTest {
    private static final int N = 64;

    @Test
    void theIdsAreThoseOfTheSeedsDrawnInNodeOrderAndTheGeneratorEndsWhereOneByOneWouldLeaveIt() {
        SplittableRandom oneByOne = new SplittableRandom(5);
        PeerId[] expected = new PeerId[N];
        for (int i = 0; i < N; i++) {
            expected[i] = NodeKey.forSimulation(oneByOne.nextLong()).peerId();
            oneByOne.split(); // the dispatcher's generator
            oneByOne.split(); // the node's generator
        }
        SplittableRandom random = new SplittableRandom(5);
        DhtNodeFactory.Made made = make(random, SignatureVerifier.ed25519());

        assertArrayEquals(expected, made.ids());
        assertEquals(oneByOne.nextLong(), random.nextLong(), "the run draws on from the same state");
        for (int i = 0; i < N; i++) {
            assertEquals(made.ids()[i], made.nodes()[i].self().contact().id());
            assertEquals(made.endpoints()[i].localAddress(), made.nodes()[i].self().contact().address());
            assertTrue(made.endpoints()[i].isReceiving(), "node " + i + " started");
        }
    }

    @Test
    void everyNodesRecordIsSignedByItsKeyAndWasCheckedOnceThroughTheSharedVerifier() {
        MemoizingVerifier shared = new MemoizingVerifier(SignatureVerifier.ed25519(), 1_024);
        DhtNodeFactory.Made made = make(new SplittableRandom(9), shared);

        assertEquals(N, shared.verified(), "one real check per record, made while the nodes were made");
        for (int i = 0; i < N; i++) {
            NodeRecord own = made.nodes()[i].ownRecord().orElseThrow();
            assertEquals(made.ids()[i], own.peerId());
            assertTrue(own.verify(SignatureVerifier.ed25519()));
            assertTrue(own.verify(shared));
        }
        assertEquals(N, shared.verified(), "a node's later check of a record is answered from memory");
    }

    private static DhtNodeFactory.Made make(SplittableRandom random, SignatureVerifier verifier) {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(1, scheduler, NetworkConditions.perfect());
        KademliaConfig config = KademliaConfig.defaults();
        DispatcherConfig dc = new DispatcherConfig(256, 64, 1, 512, config.rpcTimeout(), 64);
        DhtNodeFactory.Made made = new DhtNodeFactory.Made(new PeerId[N], new KademliaNode[N],
                new RequestsDispatcher[N], new InMemoryEndpoint[N]);
        DhtNodeFactory.make(made, config, dc, network, scheduler, random, new DiscardingStateStore(), verifier);
        scheduler.runFor(Duration.ofSeconds(1)); // started nodes with nobody to meet: nothing fails
        return made;
    }
}
