package peerconnect.app.node;

import peerconnect.app.fuzz.FuzzCorpus;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.fuzz.RecordingTransport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import peerconnect.domain.DatagramSeal;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NetworkKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.OpenResult;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.memory.InMemoryEndpoint;

/**
 * A node with a network key takes in nothing that is not sealed with its key, counting every refusal,
 * and what keyed nodes put on the wire carries none of their plaintext.
 */
class NetworkKeyIsolationTest {
    @TempDir
    Path dir;

    private static NetworkKey key(long seed) {
        byte[] b = new byte[NetworkKey.BYTES];
        new SplittableRandom(seed).nextBytes(b);
        return NetworkKey.of(b);
    }

    @Test
    void datagramsSealedWithAnotherKeyOrNotSealedNeverReachTheDispatcherAndAreAllCounted() throws Exception {
        NetworkKey a = key(1);
        NetworkKey b = key(2);
        FuzzCorpus corpus = FuzzCorpus.record(5);
        try (InMemoryNodes nodes = new InMemoryNodes(31, dir)) {
            PeerNode node = nodes.start(nodes.settings("keyed", false, List.of()).withNetworkKey(a));
            nodes.run(Duration.ofSeconds(1));
            NodeAddress to = node.self().contact().address();
            InMemoryEndpoint outsider = nodes.network.endpoint();
            outsider.start((from, d) -> { });
            DatagramSeal sealB = DatagramSeal.create(b, new java.security.SecureRandom());
            DispatcherStats before = node.dispatcher().stats();
            Map<String, Long> c0 = node.status().counters();
            int n = corpus.datagrams().size();
            for (byte[] d : corpus.datagrams()) {
                outsider.send(to, d);               // plain: wrong magic
                outsider.send(to, sealB.seal(d));   // another key: bad tag
            }
            // Random bytes behind the magic, of lengths the seal accepts: they fail the tag.
            SplittableRandom random = new SplittableRandom(4);
            for (int i = 0; i < n; i++) {
                byte[] junk = new byte[DatagramSeal.OVERHEAD_BYTES + random.nextInt(500)];
                random.nextBytes(junk);
                junk[0] = DatagramSeal.MAGIC;
                outsider.send(to, junk);
            }
            nodes.run(Duration.ofSeconds(1));
            DispatcherStats after = node.dispatcher().stats();
            Map<String, Long> c1 = node.status().counters();
            assertAll(
                    () -> assertEquals(before.received(), after.received(), "nothing reached the dispatcher"),
                    () -> assertEquals(before.dispatched(), after.dispatched()),
                    () -> assertEquals(c0.get("seal.opened"), c1.get("seal.opened"), "nothing opened"),
                    () -> assertEquals(n, c1.get("seal.rejectedWrongMagic") - c0.get("seal.rejectedWrongMagic")),
                    () -> assertEquals(2L * n, c1.get("seal.rejectedBadTag") - c0.get("seal.rejectedBadTag")),
                    () -> assertEquals(3L * n, c1.get("memory.delivered") - c0.get("memory.delivered"),
                            "every datagram was delivered to the node's endpoint and refused there"));

            // The node still answers its own network: a PING sealed with its key gets a sealed reply.
            DatagramSeal sealA = DatagramSeal.create(a, new java.security.SecureRandom());
            byte[] ping = corpus.datagrams().stream().filter(d -> EnvelopeCodec.create().decode(d) instanceof
                    DecodeResult.Decoded x && FuzzCorpus.type(x.message()).equals("KADEMLIA op=0x01 REQUEST"))
                    .findFirst().orElseThrow();
            List<byte[]> replies = new ArrayList<>();
            InMemoryEndpoint member = nodes.network.endpoint();
            member.start((from, d) -> replies.add(d));
            member.send(to, sealA.seal(ping));
            nodes.run(Duration.ofSeconds(1));
            // Among what the node sent back (it may also ping its new contact), the sealed reply to the PING.
            long answers = replies.stream()
                    .map(sealA::open).filter(OpenResult.Opened.class::isInstance)
                    .map(o -> EnvelopeCodec.create().decode(((OpenResult.Opened) o).plaintext()))
                    .filter(r -> r instanceof DecodeResult.Decoded x && x.message().kind() == MessageKind.REPLY
                            && java.util.Arrays.equals(ping, 4, 12, EnvelopeCodec.create().encode(x.message()), 4, 12))
                    .count();
            assertEquals(1, answers, replies.size() + " datagrams back");
        }
    }

    @Test
    void aRumorCarryingAMarkerCrossesTheWireWithoutTheMarkerInAnyEncoding() throws Exception {
        NetworkKey key = key(7);
        String marker = "PEERCONNECT-SECRET-MARKER";
        List<RecordingTransport> wires = new ArrayList<>();
        try (InMemoryNodes nodes = new InMemoryNodes(41, dir)) {
            List<PeerNode> keyed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                NodeSettings settings = nodes.settings("k-" + i, true, List.of()).withNetworkKey(key);
                AbstractModule wire = new AbstractModule() {
                    @Provides
                    @Singleton
                    DatagramTransport wire(InMemoryEndpoint endpoint) {
                        // Under the dispatcher's seal stage: it records what goes on the wire.
                        RecordingTransport recorder = new RecordingTransport(endpoint, 100_000);
                        wires.add(recorder);
                        return recorder;
                    }
                };
                PeerNode node = Guice.createInjector(Modules.override(PeerNodes.inMemoryModules(settings,
                        InMemoryNodes.TUNING, nodes.network, new SplittableRandom(i))).with(wire))
                        .getInstance(PeerNode.class);
                node.start();
                keyed.add(node);
            }
            try {
                nodes.run(Duration.ofSeconds(20));
                List<byte[]> delivered = new ArrayList<>();
                keyed.get(2).gossip().subscribe(m -> delivered.add(m.payload()));
                byte[] payload = ("before " + marker + " after").getBytes(StandardCharsets.US_ASCII);
                keyed.get(0).gossip().publish(payload);
                nodes.run(Duration.ofSeconds(5));
                assertEquals(1, delivered.size(), "the rumor crossed the sealed network");
                assertArrayEquals(payload, delivered.get(0));

                byte[] ascii = marker.getBytes(StandardCharsets.US_ASCII);
                List<byte[]> leaks = List.of(ascii, marker.getBytes(StandardCharsets.UTF_16BE),
                        marker.getBytes(StandardCharsets.UTF_16LE),
                        HexFormat.of().formatHex(ascii).getBytes(StandardCharsets.US_ASCII),
                        Base64.getEncoder().withoutPadding().encodeToString(ascii).getBytes(StandardCharsets.US_ASCII),
                        marker.substring(0, 8).getBytes(StandardCharsets.US_ASCII));
                long datagrams = 0;
                for (RecordingTransport w : wires) {
                    for (byte[] d : w.sent()) {
                        datagrams++;
                        assertEquals(DatagramSeal.MAGIC, d[0], "every datagram on the wire is sealed");
                        for (byte[] leak : leaks) {
                            assertEquals(-1, indexOf(d, leak), "marker on the wire");
                        }
                    }
                }
                assertTrue(datagrams > 10, datagrams + " datagrams checked");
            } finally {
                keyed.forEach(PeerNode::close);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
