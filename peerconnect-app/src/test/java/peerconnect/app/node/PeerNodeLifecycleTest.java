package peerconnect.app.node;

import peerconnect.app.store.FileNodeStateStore;
import peerconnect.app.settings.NodeKeyFile;
import peerconnect.app.store.SavedContacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DispatcherClosedException;
import peerconnect.domain.Message;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.ports.memory.InMemoryEndpoint;

/** Start order, stop in reverse, what a stop leaves behind, and what a restart takes back (in-memory network). */
class PeerNodeLifecycleTest {
    private static final List<String> ORDER = List.of("data-dir", "scheduler", "endpoint", "dispatcher", "kademlia",
            "gossip", "discovery", "peer-lists", "jmx");

    @TempDir
    Path dir;

    @Test
    void startsInOrderAndStopsInReverse() {
        try (InMemoryNodes nodes = new InMemoryNodes(21, dir)) {
            PeerNode node = nodes.start(nodes.settings("a", true, List.of()));
            assertEquals(ORDER, phases(node, "RUNNING"));
            assertEquals(1, nodes.network.openEndpoints());

            node.close();
            assertEquals(ORDER.reversed(), phases(node, "STOPPED"));
            assertTrue(((InMemoryEndpoint) node.transport()).isClosed());
            assertEquals(0, nodes.network.openEndpoints());
        }
    }

    @Test
    void closeIsIdempotent() {
        try (InMemoryNodes nodes = new InMemoryNodes(22, dir)) {
            PeerNode node = nodes.start(nodes.settings("a", true, List.of()));
            node.close();
            List<String> once = node.history();
            node.close();
            assertEquals(once, node.history(), "a second close stops nothing again");
        }
    }

    @Test
    void pendingRepliesFailWithAShutdownErrorOnClose() {
        try (InMemoryNodes nodes = new InMemoryNodes(23, dir)) {
            PeerNode node = nodes.start(nodes.settings("a", false, List.of()));
            CompletableFuture<Message> pending = node.dispatcher().request(NodeAddress.parse("198.18.7.7:4000"),
                    RootCode.KADEMLIA, (byte) 0, new byte[0]);
            assertFalse(pending.isDone());
            node.close();
            ExecutionException e = assertThrows(ExecutionException.class, pending::get);
            assertInstanceOf(DispatcherClosedException.class, e.getCause());
        }
    }

    @Test
    void aRestartWithTheSameDataDirectoryKeepsTheIdAndRejoinsFromSavedContactsWithMulticastOff() throws Exception {
        try (InMemoryNodes nodes = new InMemoryNodes(24, dir)) {
            List<PeerNode> first = nodes.startMany("r", 3);
            nodes.run(Duration.ofSeconds(20));
            PeerNode leaving = first.get(0);
            PeerId id = leaving.self().contact().id();
            assertEquals(2, leaving.dht().knownPeers().size());
            leaving.close();
            assertTrue(Files.exists(new FileNodeStateStore(nodes.dataDir("r-0")).pathOf(SavedContacts.NAME)));

            // Control: a fresh node with multicast off and nothing saved stays alone.
            PeerNode stranger = nodes.start(nodes.settings("stranger", false, List.of()));
            PeerNode back = nodes.start(nodes.settings("r-0", false, List.of()));
            nodes.run(Duration.ofSeconds(10));

            assertEquals(id, back.self().contact().id(), "same peer id after a restart");
            assertTrue(back.dht().isBootstrapped());
            Set<PeerId> known = back.dht().knownPeers().stream().map(PeerContact::id).collect(Collectors.toSet());
            assertEquals(Set.of(first.get(1).self().contact().id(), first.get(2).self().contact().id()), known);
            assertFalse(stranger.dht().isBootstrapped(), "without saved contacts nothing brings the DHT back");
        }
    }

    @Test
    void aNodeKilledSecondsAfterJoiningFindsItsPeersAgainFromWhatWasOnDisk() throws Exception {
        try (InMemoryNodes nodes = new InMemoryNodes(27, dir)) {
            List<PeerNode> first = nodes.startMany("k", 3);
            nodes.run(Duration.ofSeconds(5));
            PeerId id = first.get(0).self().contact().id();
            // What a SIGKILL leaves: the data directory as it is now, with no save on the way out.
            Path onDisk = nodes.dataDir("k-0");
            Path crashed = nodes.dataDir("k-0-crashed");
            try (Stream<Path> files = Files.list(onDisk)) {
                for (Path f : files.toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
            first.get(0).close();
            // Kademlia's only snapshot is the one it wrote at start, before it knew a peer: magic, version,
            // id, generation, no contacts, no values, nothing published, checksum (47 bytes).
            assertEquals(4 + 1 + 20 + 8 + 2 + 4 + 4 + 4, Files.size(crashed.resolve("kademlia-state.state")),
                    "Kademlia had not saved its contacts yet: only the contacts file brings the node back");

            PeerNode back = nodes.start(nodes.settings("k-0-crashed", false, List.of()));
            nodes.run(Duration.ofSeconds(10));
            assertEquals(id, back.self().contact().id());
            assertEquals(Set.of(first.get(1).self().contact().id(), first.get(2).self().contact().id()),
                    back.dht().knownPeers().stream().map(PeerContact::id).collect(Collectors.toSet()));
        }
    }

    @Test
    void aDataDirectoryFromBeforeNodeKeysGetsADerivedIdAndStillFindsItsSavedContacts() throws Exception {
        try (InMemoryNodes nodes = new InMemoryNodes(28, dir)) {
            List<PeerNode> first = nodes.startMany("m", 3);
            nodes.run(Duration.ofSeconds(10));
            PeerId before = first.get(0).self().contact().id();
            first.get(0).close();
            // What an older version left: a random id in peer-id, no node key.
            Path data = nodes.dataDir("m-0");
            Files.delete(data.resolve(NodeKeyFile.NAME + ".state"));
            PeerId old = PeerId.fromHex("0123456789abcdef0123456789abcdef01234567");
            Files.writeString(data.resolve(NodeKeyFile.OLD_PEER_ID + ".state"), old.toHex() + "\n");

            PeerNode migrated = nodes.start(nodes.settings("m-0", false, List.of()));
            nodes.run(Duration.ofSeconds(10));
            PeerId now = migrated.self().contact().id();
            assertNotEquals(old, now);
            assertNotEquals(before, now);
            NodeKey key = NodeKey.parse(Files.readString(data.resolve(NodeKeyFile.NAME + ".state")));
            assertEquals(key.peerId(), now, "the id is the new key's");
            // Multicast off: only the saved contacts can have brought the others back.
            assertEquals(Set.of(first.get(1).self().contact().id(), first.get(2).self().contact().id()),
                    migrated.dht().knownPeers().stream().map(PeerContact::id).collect(Collectors.toSet()));
        }
    }

    @Test
    void aCorruptNodeKeyIsSetAsideAndReplacedByANewOne() throws Exception {
        try (InMemoryNodes nodes = new InMemoryNodes(25, dir)) {
            FileNodeStateStore store = new FileNodeStateStore(nodes.dataDir("c"));
            store.write(NodeKeyFile.NAME, "not a node key".getBytes(StandardCharsets.US_ASCII));
            PeerNode node = nodes.start(nodes.settings("c", false, List.of()));
            PeerId id = node.self().contact().id();
            NodeKey saved = NodeKey.parse(new String(store.read(NodeKeyFile.NAME).orElseThrow(), StandardCharsets.US_ASCII));
            assertEquals(id, saved.peerId(), "the new key is saved, and the id is derived from it");
            try (Stream<Path> files = Files.list(nodes.dataDir("c"))) {
                List<Path> asideFiles = files.filter(p -> p.getFileName().toString().contains("corrupt")).toList();
                assertEquals(1, asideFiles.size(), "the corrupt key is kept aside");
                assertEquals("not a node key", Files.readString(asideFiles.get(0)));
            }
            node.close();
            PeerNode again = nodes.start(nodes.settings("c", false, List.of()));
            assertEquals(id, again.self().contact().id());
            assertNotEquals(null, again.status());
        }
    }

    @Test
    void statusShowsTheNodeItsDhtAndItsCounters() {
        try (InMemoryNodes nodes = new InMemoryNodes(26, dir)) {
            List<PeerNode> all = nodes.startMany("s", 3);
            nodes.run(Duration.ofSeconds(20));
            StatusReport status = all.get(0).status();
            assertEquals(all.get(0).self(), status.self());
            assertEquals(List.of(all.get(0).self().contact().address()), status.addresses());
            assertTrue(status.bootstrapped());
            assertEquals("Joined[]", status.discovery());
            assertEquals(2, status.bucketFill().values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(status.dispatcher().received() > 0);
            for (String key : List.of("memory.sent", "kademlia.rpcAttempts", "gossip.delivered",
                    "discovery.answered", "discovery.repliesAccepted")) {
                assertTrue(status.counters().containsKey(key), key + " in " + status.counters().keySet());
            }
            assertTrue(status.counters().get("discovery.repliesAccepted") > 0);
        }
    }

    private static List<String> phases(PeerNode node, String phase) {
        return node.history().stream().filter(h -> h.endsWith(" " + phase)).map(h -> h.substring(0, h.indexOf(' ')))
                .toList();
    }
}
