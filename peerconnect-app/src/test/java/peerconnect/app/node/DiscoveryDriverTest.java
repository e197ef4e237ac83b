package peerconnect.app.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DiscoveryAuthenticator;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.DiscoveryState;
import peerconnect.domain.DiscoveryCodec;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RootCode;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.testkit.core.TestRandom;

/** Discovery through the real composition on the in-memory network, in virtual time. */
class DiscoveryDriverTest {
    @TempDir
    Path dir;

    @Test
    void nodesWithNoGivenPeersFindEachOtherByMulticast() {
        try (InMemoryNodes nodes = new InMemoryNodes(11, dir)) {
            List<PeerNode> all = nodes.startMany("n", 6);
            nodes.run(Duration.ofSeconds(30));
            for (PeerNode node : all) {
                Set<PeerId> known = ids(node.dht().knownPeers());
                Set<PeerId> others = all.stream().filter(n -> n != node).map(n -> n.self().contact().id())
                        .collect(Collectors.toSet());
                assertEquals(others, known, node.self().name() + " knows every other node");
                assertInstanceOf(DiscoveryState.Joined.class, node.discovery().state(), node.self().name());
                assertTrue(node.status().bootstrapped());
            }
        }
    }

    @Test
    void aLoneNodeIgnoresItsOwnEchoesAndKeepsSearching() {
        try (InMemoryNodes nodes = new InMemoryNodes(12, dir)) {
            PeerNode alone = nodes.start(nodes.settings("alone", true, List.of()));
            nodes.run(Duration.ofSeconds(60));
            var counters = alone.status().counters();
            assertTrue(counters.get("discovery.echoesIgnored") > 5, "heard itself: " + counters);
            assertEquals(0L, counters.get("discovery.answered"), "never answered itself");
            assertEquals(0L, counters.get("discovery.repliesAccepted"));
            assertFalse(alone.dht().isBootstrapped());
            assertTrue(alone.dht().knownPeers().isEmpty());
            assertInstanceOf(DiscoveryState.Waiting.class, alone.discovery().state());
        }
    }

    @Test
    void aReplyOrAnnouncementAdvertisingAnotherAddressThanItsSourceIsIgnored() {
        try (InMemoryNodes nodes = new InMemoryNodes(13, dir)) {
            PeerNode victim = nodes.start(nodes.settings("victim", true, List.of()));
            // Multicast off: it neither announces nor answers, so the victim has nobody real to find.
            PeerNode thirdParty = nodes.start(nodes.settings("third", false, List.of()));
            Attacker attacker = new Attacker(nodes, 1);
            NodeAddress elsewhere = thirdParty.self().contact().address();
            // Validly signed by the attacker's own key: only the address gives it away.
            attacker.send(victim, DiscoveryCodec.NETWORK_FIND, attacker.key.peerId(), attacker.signer.signFind(elsewhere));
            attacker.send(victim, DiscoveryCodec.NETWORK_FIND_REPLY, attacker.key.peerId(),
                    attacker.signer.signReply(elsewhere, victim.self().contact().id(), 0));
            nodes.run(Duration.ofSeconds(5));

            assertEquals(2L, victim.status().counters().get("discovery.rejected.ADDRESS_MISMATCH"));
            assertEquals(0L, victim.status().counters().get("discovery.bootstraps"), "no bootstrap from a spoof");
            assertEquals(0L, victim.status().counters().get("discovery.answered"), "no answer sent to a third party");
            assertEquals(0L, victim.status().counters().get("kademlia.rpcAttempts"), "nobody was pinged");
            assertFalse(victim.dht().isBootstrapped());
        }
    }

    @Test
    void aReplayedSignedAnnouncementIsRejectedWithinTheWindowAndAfterIt() {
        try (InMemoryNodes nodes = new InMemoryNodes(17, dir)) {
            PeerNode victim = nodes.start(nodes.settings("victim", true, List.of()));
            Attacker attacker = new Attacker(nodes, 2);
            byte[] find = attacker.signer.signFind(attacker.endpoint.localAddress());
            attacker.send(victim, DiscoveryCodec.NETWORK_FIND, attacker.key.peerId(), find);
            nodes.run(Duration.ofSeconds(1));
            assertEquals(1L, victim.status().counters().get("discovery.answered"), "the genuine one is answered");

            attacker.send(victim, DiscoveryCodec.NETWORK_FIND, attacker.key.peerId(), find);
            nodes.run(Duration.ofSeconds(1));
            assertEquals(1L, victim.status().counters().get("discovery.rejected.REPLAYED"));

            nodes.run(Duration.ofSeconds(60));
            attacker.send(victim, DiscoveryCodec.NETWORK_FIND, attacker.key.peerId(), find);
            nodes.run(Duration.ofSeconds(1));
            assertEquals(1L, victim.status().counters().get("discovery.rejected.STALE"));
            assertEquals(1L, victim.status().counters().get("discovery.answered"), "no replay was answered");
        }
    }

    @Test
    void anotherNodesIdCannotBeClaimed() {
        try (InMemoryNodes nodes = new InMemoryNodes(18, dir)) {
            PeerNode victim = nodes.start(nodes.settings("victim", true, List.of()));
            PeerNode impersonated = nodes.start(nodes.settings("other", false, List.of()));
            Attacker attacker = new Attacker(nodes, 3);
            attacker.send(victim, DiscoveryCodec.NETWORK_FIND, impersonated.self().contact().id(),
                    attacker.signer.signFind(attacker.endpoint.localAddress()));
            nodes.run(Duration.ofSeconds(2));
            assertEquals(1L, victim.status().counters().get("discovery.rejected.ID_NOT_KEY"));
            assertEquals(0L, victim.status().counters().get("discovery.answered"));
        }
    }

    /** An endpoint on the in-memory network with a key of its own, sending hand-made discovery messages. */
    private static final class Attacker {
        final InMemoryEndpoint endpoint;
        final NodeKey key;
        final DiscoveryAuthenticator signer;
        private final SplittableRandom random;
        private final EnvelopeCodec codec = EnvelopeCodec.create();

        Attacker(InMemoryNodes nodes, long seed) {
            endpoint = nodes.network.endpoint();
            endpoint.start((from, datagram) -> { });
            key = NodeKey.generate(TestRandom.secure(seed));
            signer = new DiscoveryAuthenticator(key, DiscoveryConfig.defaults(), nodes.scheduler.clock());
            random = new SplittableRandom(seed);
        }

        void send(PeerNode to, byte header, PeerId claimedSender, byte[] body) {
            Message message = Message.request(RootCode.DISCOVERY, header, MessageId.random(random), claimedSender, body);
            endpoint.send(to.self().contact().address(), codec.encode(message));
        }
    }

    @Test
    void twoIslandsThatFormedTheirOwnDhtMergeWhenThePartitionHeals() {
        int perIsland = 4;
        try (InMemoryNodes nodes = new InMemoryNodes(14, dir)) {
            List<NodeAddress> west = List.of(InMemoryNodes.address(0), InMemoryNodes.address(1),
                    InMemoryNodes.address(2), InMemoryNodes.address(3));
            // The rest of the network (east) is the other island; the partition holds before the first announcement.
            nodes.network.partition(west);
            List<PeerNode> all = nodes.startMany("p", 2 * perIsland);
            List<PeerNode> westNodes = all.subList(0, perIsland);
            List<PeerNode> eastNodes = all.subList(perIsland, 2 * perIsland);
            assertEquals(west, westNodes.stream().map(n -> n.self().contact().address()).toList());
            nodes.run(Duration.ofSeconds(30));
            for (PeerNode node : all) {
                List<PeerNode> island = westNodes.contains(node) ? westNodes : eastNodes;
                List<PeerNode> other = westNodes.contains(node) ? eastNodes : westNodes;
                Set<PeerId> known = ids(node.dht().knownPeers());
                assertEquals(perIsland - 1, known.size(), node.self().name() + " knows its island: " + known);
                assertTrue(island.stream().filter(n -> n != node)
                        .allMatch(n -> known.contains(n.self().contact().id())));
                assertTrue(other.stream().noneMatch(n -> known.contains(n.self().contact().id())));
                assertInstanceOf(DiscoveryState.Joined.class, node.discovery().state());
            }

            nodes.network.heal();
            nodes.run(Duration.ofSeconds(60));
            for (PeerNode node : all) {
                List<PeerNode> other = westNodes.contains(node) ? eastNodes : westNodes;
                Set<PeerId> known = ids(node.dht().knownPeers());
                assertTrue(other.stream().anyMatch(n -> known.contains(n.self().contact().id())),
                        node.self().name() + " knows a node of the other island after the heal: " + known);
            }
        }
    }

    @Test
    void aNodeWhoseDhtLostEveryContactSearchesAgainAndFindsANewcomer() {
        try (InMemoryNodes nodes = new InMemoryNodes(15, dir)) {
            List<PeerNode> two = nodes.startMany("l", 2);
            nodes.run(Duration.ofSeconds(20));
            PeerNode survivor = two.get(0);
            assertInstanceOf(DiscoveryState.Joined.class, survivor.discovery().state());
            two.get(1).close();
            // Kademlia drops the contact once it fails to answer; the poll then tells discovery.
            nodes.run(Duration.ofMinutes(15));
            assertFalse(survivor.dht().isBootstrapped(), "the only contact is gone");
            assertFalse(survivor.discovery().state() instanceof DiscoveryState.Joined, "searching again");

            PeerNode newcomer = nodes.start(nodes.settings("late", true, List.of()));
            nodes.run(Duration.ofSeconds(40));
            assertEquals(Set.of(newcomer.self().contact().id()), ids(survivor.dht().knownPeers()));
            assertInstanceOf(DiscoveryState.Joined.class, survivor.discovery().state());
        }
    }

    @Test
    void withMulticastOffAGivenPeerThatComesUpLateIsStillJoined() {
        try (InMemoryNodes nodes = new InMemoryNodes(16, dir)) {
            PeerNode early = nodes.start(nodes.settings("early", false, List.of(InMemoryNodes.address(1))));
            nodes.run(Duration.ofSeconds(30));
            assertFalse(early.dht().isBootstrapped(), "its peer is not up yet");
            assertInstanceOf(DiscoveryState.Waiting.class, early.discovery().state());
            assertEquals(0L, early.status().counters().get("discovery.datagramsSent"),
                    "multicast off: no announcement");

            PeerNode late = nodes.start(nodes.settings("late", false, List.of()));
            assertEquals(InMemoryNodes.address(1), late.self().contact().address());
            nodes.run(Duration.ofSeconds(20));
            assertEquals(Set.of(late.self().contact().id()), ids(early.dht().knownPeers()));
            assertInstanceOf(DiscoveryState.Joined.class, early.discovery().state());
        }
    }

    private static Set<PeerId> ids(List<PeerContact> contacts) {
        return contacts.stream().map(PeerContact::id).collect(Collectors.toSet());
    }
}
