package peerconnect.app.fuzz;

import peerconnect.app.settings.NodeSettings;
import peerconnect.app.node.NodeTuning;
import peerconnect.app.node.PeerNode;
import peerconnect.app.node.PeerNodes;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Modules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.PeerListKeys;
import peerconnect.domain.DecodeResult;
import peerconnect.domain.DiscoveryConfig;
import peerconnect.domain.Message;
import peerconnect.domain.MessageKind;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * The fuzzer's seeds: valid datagrams of every type, recorded from a small network of real nodes
 * (the app's composition on the in-memory network, virtual time, one seed) that bootstraps by
 * discovery, looks up, stores and fetches values, searches the peer lists, publishes a rumor and
 * searches by gossip. Recording what nodes really send keeps the corpus right as the adapters'
 * body layouts change, without the app knowing them.
 *
 * @param datagrams encoded envelopes, at most {@link #PER_TYPE} of each type, in recording order
 * @param types     each type seen, as "ROOT op=0xNN KIND"
 */
public record FuzzCorpus(List<byte[]> datagrams, List<String> types) {
    /** Examples kept per type: enough variety of lengths and contents, few enough to keep mutating all. */
    static final int PER_TYPE = 16;
    private static final int NODES = 6;
    private static final int RECORD_CAPACITY = 20_000;
    private static final String PULL_REQUEST = "GOSSIP op=0x05 REQUEST";

    public FuzzCorpus {
        datagrams = List.copyOf(datagrams);
        types = List.copyOf(types);
    }

    /** Discovery refresh and DHT poll short, so a few virtual seconds see every message type. */
    private static final NodeTuning TUNING = NodeTuning.defaults()
            .withDiscovery(DiscoveryConfig.defaults().withMaxDelay(Duration.ofSeconds(4)).withActiveRounds(5)
                    .withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(10)))
            .withBootstrapPoll(Duration.ofSeconds(2));

    /** Records a corpus; the same seed gives the same corpus. */
    public static FuzzCorpus record(long seed) {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(seed, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(2)));
        SplittableRandom seeds = new SplittableRandom(seed);
        List<RecordingTransport> recorders = new ArrayList<>();
        List<PeerNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(startRecorded(network, "fuzz-" + i, seeds.split(), recorders));
            }
            scheduler.runFor(Duration.ofSeconds(20));
            PeerId key = PeerId.random(seeds.split());
            nodes.get(1).dht().put(key, "corpus value".getBytes(StandardCharsets.UTF_8));
            scheduler.runFor(Duration.ofSeconds(2));
            nodes.get(4).dht().get(key);
            // Keys nobody holds: the lookups must ask others (FIND_VALUE, FIND_PEER_LIST) instead of answering locally.
            nodes.get(4).dht().get(PeerId.random(seeds.split()));
            for (PeerId listKey : PeerListKeys.all()) {
                ((KademliaNode) nodes.get(2).dht()).findPeerList(listKey);
            }
            nodes.get(2).dht().lookup(nodes.get(5).self().contact().id());
            nodes.get(3).dht().searchPeers("fuzz-1");
            // Rumors from every node, one a second, while a node joins late: one that a push missed and a
            // digest names before the node's own digest brought it is pulled (PULL_REQUEST). That race is
            // why there are many rumors: each gives it another chance.
            for (int i = 0; i < 20; i++) {
                nodes.get(i % NODES).gossip().publish(("corpus rumor " + i).getBytes(StandardCharsets.UTF_8));
                scheduler.runFor(Duration.ofSeconds(1));
                if (i == 2) {
                    nodes.add(startRecorded(network, "fuzz-late", seeds.split(), recorders));
                }
            }
            nodes.get(5).gossip().search("fuzz-2", Duration.ofSeconds(2), found -> { });
            scheduler.runFor(Duration.ofSeconds(20));
            // Still no PULL_REQUEST (a race: see above)? Cut one node off while a rumor spreads, then let it
            // back, until one is recorded; bounded, and the same seed takes the same rounds.
            for (int round = 0; round < 20 && !select(recorders).types().contains(PULL_REQUEST); round++) {
                NodeAddress cut = nodes.get(round % NODES).self().contact().address();
                network.isolate(cut);
                nodes.get((round + 1) % NODES).gossip().publish(("missed rumor " + round).getBytes(StandardCharsets.UTF_8));
                scheduler.runFor(Duration.ofSeconds(3));
                network.reconnect(cut);
                scheduler.runFor(Duration.ofSeconds(5));
            }
        } finally {
            for (PeerNode node : nodes) {
                node.close();
            }
        }
        return select(recorders);
    }

    private static PeerNode startRecorded(InMemoryNetwork network, String name, SplittableRandom random,
                                          List<RecordingTransport> recorders) {
        NodeSettings settings = new NodeSettings(name, wildcard(), 0, "", false, Optional.empty(), true, List.of(),
                Path.of(name)); // the data directory is never touched: the store below is in memory
        AbstractModule recording = new AbstractModule() {
            @Provides
            @Singleton
            DatagramTransport transport(InMemoryEndpoint endpoint) {
                RecordingTransport recorder = new RecordingTransport(endpoint, RECORD_CAPACITY);
                recorders.add(recorder);
                return recorder;
            }

            @Provides
            @Singleton
            NodeStateStore store() {
                return new InMemoryNodeStateStore();
            }
        };
        PeerNode node = Guice.createInjector(Modules.override(
                PeerNodes.inMemoryModules(settings, TUNING, network, random)).with(recording)).getInstance(PeerNode.class);
        node.start();
        return node;
    }

    /**
     * Up to {@link #PER_TYPE} datagrams of each type: first one of each length in recording order (so
     * that a variant of a type, such as a request that asks for a record or an answer that carries
     * one, is kept even when it is rare), then the rest in recording order.
     */
    private static FuzzCorpus select(List<RecordingTransport> recorders) {
        EnvelopeCodec codec = EnvelopeCodec.create();
        Map<String, List<byte[]>> byType = new LinkedHashMap<>();
        Map<String, List<byte[]>> repeats = new LinkedHashMap<>();
        Map<String, java.util.Set<Integer>> lengths = new LinkedHashMap<>();
        for (RecordingTransport recorder : recorders) {
            for (byte[] datagram : recorder.sent()) {
                if (codec.decode(datagram) instanceof DecodeResult.Decoded d) {
                    String type = type(d.message());
                    List<byte[]> examples = byType.computeIfAbsent(type, t -> new ArrayList<>());
                    boolean newLength = lengths.computeIfAbsent(type, t -> new java.util.HashSet<>()).add(datagram.length);
                    if (examples.size() < PER_TYPE && newLength) {
                        examples.add(datagram);
                    } else {
                        List<byte[]> more = repeats.computeIfAbsent(type, t -> new ArrayList<>());
                        if (more.size() < PER_TYPE) {
                            more.add(datagram);
                        }
                    }
                }
            }
        }
        List<byte[]> datagrams = new ArrayList<>();
        byType.forEach((type, examples) -> {
            List<byte[]> more = repeats.getOrDefault(type, List.of());
            examples.addAll(more.subList(0, Math.min(more.size(), PER_TYPE - examples.size())));
            datagrams.addAll(examples);
        });
        return new FuzzCorpus(datagrams, List.copyOf(new TreeSet<>(byType.keySet())));
    }

    /** "ROOT op=0xNN KIND", e.g. "KADEMLIA op=0x83 REPLY". */
    public static String type(Message m) {
        return String.format("%s op=0x%02x %s", m.rootCode(), m.op() & 0xff,
                m.kind() == MessageKind.REPLY ? "REPLY" : "REQUEST");
    }

    private static InetAddress wildcard() {
        try {
            return InetAddress.getByName("::");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
