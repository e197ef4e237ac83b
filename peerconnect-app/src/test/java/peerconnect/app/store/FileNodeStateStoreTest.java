package peerconnect.app.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.RejectReason;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.testkit.ports.VirtualNetwork;

/** The file store: atomic replacement, leftovers of a crash, corrupt files set aside — and the DHT on top. */
class FileNodeStateStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesReplaceAndReadsReturnTheLastWrite() {
        FileNodeStateStore store = new FileNodeStateStore(dir.resolve("state"));
        assertEquals(Optional.empty(), store.read("kademlia"));
        store.write("kademlia", new byte[] {1, 2, 3});
        store.write("kademlia", new byte[] {4});
        assertArrayEquals(new byte[] {4}, store.read("kademlia").orElseThrow());
        assertTrue(Files.exists(dir.resolve("state/kademlia.state")));
    }

    @Test
    void aCrashBeforeTheRenameLeavesThePreviousStateAndItsLeftoverIsCleanedUp() throws IOException {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        store.write("kademlia", new byte[] {1});
        // What a crash between writing the temporary file and renaming it leaves behind.
        Path leftover = dir.resolve("kademlia.12345.tmp");
        Files.write(leftover, new byte[] {9, 9});
        assertArrayEquals(new byte[] {1}, store.read("kademlia").orElseThrow(), "previous state kept");
        store.write("kademlia", new byte[] {2});
        assertFalse(Files.exists(leftover), "removed by the next write");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("kademlia.state")), files.toList());
        }
    }

    @Test
    void setAsideMovesTheFileAndKeepsItsBytes() throws IOException {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        store.write("kademlia", new byte[] {7});
        String first = store.setAside("kademlia").orElseThrow();
        store.write("kademlia", new byte[] {8});
        String second = store.setAside("kademlia").orElseThrow();
        assertEquals(dir.resolve("kademlia.state.corrupt-0").toString(), first);
        assertEquals(dir.resolve("kademlia.state.corrupt-1").toString(), second);
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(Path.of(first)));
        assertEquals(Optional.empty(), store.read("kademlia"));
        assertEquals(Optional.empty(), store.setAside("kademlia"), "nothing left to move");
    }

    @Test
    void namesThatCouldLeaveTheDirectoryAreRefused() {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        for (String bad : List.of("../x", "a/b", "", ".hidden", "x".repeat(101))) {
            assertThrows(IllegalArgumentException.class, () -> store.read(bad), bad);
        }
    }

    @Test
    void aTornKademliaStateFileIsSetAsideReportedAndTheNodeStillStarts() throws IOException {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        Sim sim = new Sim();
        PeerId id = PeerId.random(new SplittableRandom(1));
        // A node with one peer saves a real state file on stop.
        KademliaNode peer = sim.node(PeerId.random(new SplittableRandom(2)), new FileNodeStateStore(dir.resolve("p")));
        sim.await(peer.start());
        KademliaNode first = sim.node(id, store);
        sim.await(first.start());
        assertTrue(sim.await(first.bootstrap(List.of(peer.self().contact().address()))));
        first.stop();
        Path file = store.pathOf("kademlia-state");
        byte[] saved = Files.readAllBytes(file);
        assertTrue(saved.length > 40, "a state with a contact");

        // Torn: only the first half reached the disk.
        byte[] torn = java.util.Arrays.copyOf(saved, saved.length / 2);
        Files.write(file, torn);
        Sim again = new Sim();
        KademliaNode restarted = again.node(id, store);
        assertFalse(again.await(restarted.start()), "starts, empty");
        assertEquals(1L, restarted.stats().rejected().get(RejectReason.CORRUPT_STATE), "reported");
        assertTrue(Files.exists(dir.resolve("kademlia-state.state.corrupt-0")), "set aside for inspection");
        assertArrayEquals(torn, Files.readAllBytes(dir.resolve("kademlia-state.state.corrupt-0")));
        // The node writes a fresh state at start (compacting its logs); the torn one is gone from its place.
        assertFalse(java.util.Arrays.equals(torn, Files.readAllBytes(file)), "replaced by the fresh state");
    }

    /** One scheduler and network for a test's nodes. */
    private static final class Sim {
        final VirtualNetwork net = VirtualNetwork.create(1,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ZERO));

        KademliaNode node(PeerId id, NodeStateStore store) {
            VirtualNetwork.Node n = net.newNode().id(id).start();
            return KademliaNodes.create(KademliaConfig.defaults(), new PeerRecord(new PeerContact(id, n.address()), "n"),
                    n.dispatcher(), net.scheduler(), net.random().split(), store);
        }

        <T> T await(CompletableFuture<T> f) {
            return net.await(f);
        }
    }

    @Test
    void appendsAddToTheBlobSurviveANewStoreOnTheSameDirectoryAndAWriteReplacesThem() {
        FileNodeStateStore store = new FileNodeStateStore(dir);
        store.append("log", new byte[] {1, 2});
        store.append("log", new byte[] {3});
        // Another store on the directory, as a restarted process after a kill would open it (no close, no sync).
        assertArrayEquals(new byte[] {1, 2, 3}, new FileNodeStateStore(dir).read("log").orElseThrow());
        store.sync("log");
        store.write("log", new byte[] {9});
        store.append("log", new byte[] {8});
        assertArrayEquals(new byte[] {9, 8}, new FileNodeStateStore(dir).read("log").orElseThrow(),
                "after a write, appends go to the new file");
        store.sync("never-appended");
    }
}
