package peerconnect.app.node;

import peerconnect.app.settings.NodeSettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.adapter.udp.UdpEndpointException;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * The real composition (UDP, system scheduler) on loopback only, multicast off: nodes join through a
 * given peer, and a stop leaves no thread of theirs behind.
 */
class PeerNodeUdpTest {
    @TempDir
    Path dir;

    private NodeSettings loopback(String name, int port, List<NodeAddress> peers) throws Exception {
        return new NodeSettings(name, InetAddress.getByName("127.0.0.1"), port, "lo", false, Optional.empty(), false,
                peers, dir.resolve(name));
    }

    @Test
    void twoNodesOnLoopbackJoinThroughAGivenPeerShareValuesAndLeaveNoThreadBehind() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        RunningNode a = PeerNodes.start(loopback("a", 0, List.of()));
        RunningNode b;
        try {
            b = PeerNodes.start(loopback("b", 0, List.of(a.self().contact().address())));
            try {
                // Bounded wait for the background bootstrap: 200 polls of 50 ms. Discovery hears of the
                // bootstrap a moment after the DHT has it, so wait for that too (else a race on a warm JVM).
                for (int i = 0; i < 200 && !(b.dht().isBootstrapped() && a.dht().isBootstrapped()
                        && b.status().discovery().equals("Joined[]")); i++) {
                    Thread.sleep(50);
                }
                assertEquals(Set.of(a.self().contact().id()), ids(b.dht().knownPeers()));
                assertEquals(Set.of(b.self().contact().id()), ids(a.dht().knownPeers()));
                assertEquals("Joined[]", b.status().discovery());

                PeerId key = PeerId.random(new SplittableRandom(3));
                byte[] value = "hello".getBytes(StandardCharsets.UTF_8);
                assertTrue(b.dht().put(key, value).get(10, TimeUnit.SECONDS) >= 1);
                assertArrayEquals(value, a.dht().get(key).get(10, TimeUnit.SECONDS).orElseThrow());
                assertTrue(b.status().counters().get("udp.received") > 0);
            } finally {
                b.close();
            }
        } finally {
            a.close();
        }
        List<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("udp-receive") || n.startsWith("peerconnect-"))
                .toList();
        assertEquals(List.of(), left, "threads of the stopped nodes still alive");
    }

    @Test
    void aRestartedNodeKeepsItsIdAndRejoinsFromSavedContactsWithMulticastOff() throws Exception {
        RunningNode a = PeerNodes.start(loopback("a", 0, List.of()));
        try {
            RunningNode b = PeerNodes.start(loopback("b", 0, List.of(a.self().contact().address())));
            PeerId id = b.self().contact().id();
            for (int i = 0; i < 200 && !b.dht().isBootstrapped(); i++) {
                Thread.sleep(50);
            }
            b.close();
            // No --peer this time: only what b saved brings it back (on a new port).
            RunningNode again = PeerNodes.start(loopback("b", 0, List.of()));
            try {
                for (int i = 0; i < 200 && !again.dht().isBootstrapped(); i++) {
                    Thread.sleep(50);
                }
                assertEquals(id, again.self().contact().id());
                assertEquals(Set.of(a.self().contact().id()), ids(again.dht().knownPeers()));
            } finally {
                again.close();
            }
        } finally {
            a.close();
        }
    }

    @Test
    void anOccupiedPortIsOneClearErrorAndTheHalfStartedNodeIsStopped() throws Exception {
        RunningNode a = PeerNodes.start(loopback("a", 0, List.of()));
        try {
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            int port = a.self().contact().address().port();
            NodeStartException e = assertThrows(NodeStartException.class,
                    () -> PeerNodes.start(loopback("c", port, List.of())));
            assertEquals("endpoint", e.step());
            assertInstanceOf(UdpEndpointException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("the node could not start (endpoint): "), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive()).map(Thread::getName)
                    .filter(n -> n.startsWith("peerconnect-")).toList();
            assertEquals(List.of(), left, "the failed node's scheduler was closed");
        } finally {
            a.close();
        }
    }

    @Test
    void aDataDirectoryThatCannotBeMadeIsOneClearErrorBeforeAnySocketIsOpened() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        NodeSettings settings = new NodeSettings("x", InetAddress.getByName("127.0.0.1"), 0, "lo", false,
                Optional.empty(), false, List.of(), file.resolve("data"));
        NodeStartException e = assertThrows(NodeStartException.class, () -> PeerNodes.start(settings));
        assertEquals("data-dir", e.step());
        assertTrue(e.getMessage().contains(file.resolve("data").toString()), e.getMessage());
    }

    private static Set<PeerId> ids(List<PeerContact> contacts) {
        return contacts.stream().map(PeerContact::id).collect(Collectors.toSet());
    }
}
