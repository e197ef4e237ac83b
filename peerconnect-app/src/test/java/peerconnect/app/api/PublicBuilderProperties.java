package peerconnect.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import peerconnect.domain.DropReason;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RootCode;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * Nodes built through the public builder on the in-memory network, each with handlers on a random
 * set of application codes, and random requests between them: every request completes exactly once
 * (a reply where the code has a handler, a timeout where it has none), and per code the handlers saw
 * exactly the requests sent to them, while the rest were counted {@code NO_HANDLER}. A failure names its seed.
 */
class PublicBuilderProperties {
    private static final int NODES = 4;
    private static final int REQUESTS = 120;
    private static final List<RootCode> CODES = List.of(RootCode.application(0x20), RootCode.application(0x33),
            RootCode.application(0x5a), RootCode.application(0x7f));

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261201})
    void everyRequestCompletesOnceAndEachCodeIsAccounted(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
        InMemoryNetwork network = new InMemoryNetwork(seed, scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(2)));
        List<PeerConnectNode> nodes = new ArrayList<>();
        Map<Integer, Map<RootCode, AtomicInteger>> handled = new HashMap<>();
        Map<Integer, List<RootCode>> served = new HashMap<>();
        try {
            for (int i = 0; i < NODES; i++) {
                PeerConnectBuilder b = PeerConnect.builder().name("n" + i).discovery(Discovery.OFF)
                        .inMemory(network, random.split());
                if (i > 0) {
                    b.peers(NodeAddress.parse("198.18.0.1:" + InMemoryNetwork.DEFAULT_PORT));
                }
                Map<RootCode, AtomicInteger> mine = new HashMap<>();
                List<RootCode> codes = new ArrayList<>();
                for (RootCode code : CODES) {
                    if (random.nextBoolean()) {
                        AtomicInteger count = new AtomicInteger();
                        mine.put(code, count);
                        codes.add(code);
                        byte tag = (byte) i;
                        b.handler(code, e -> {
                            count.incrementAndGet();
                            e.reply((byte) 0x81, new byte[] {tag, e.message().body()[0]});
                        });
                    }
                }
                handled.put(i, mine);
                served.put(i, codes);
                nodes.add(b.start());
            }
            scheduler.runFor(Duration.ofSeconds(30));
            for (PeerConnectNode n : nodes) {
                assertTrue(n.joined().isDone(), "seed " + seed + ": " + n.self() + " joined");
            }

            Map<Integer, Map<RootCode, Integer>> sent = new HashMap<>();
            AtomicInteger replies = new AtomicInteger();
            AtomicInteger timeouts = new AtomicInteger();
            AtomicInteger completions = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            for (int r = 0; r < REQUESTS; r++) {
                int from = random.nextInt(NODES);
                int to = random.nextInt(NODES - 1);
                to = to >= from ? to + 1 : to;
                RootCode code = CODES.get(random.nextInt(CODES.size()));
                byte payload = (byte) r;
                int target = to;
                sent.computeIfAbsent(to, k -> new HashMap<>()).merge(code, 1, Integer::sum);
                boolean expectReply = served.get(to).contains(code);
                nodes.get(from).request(nodes.get(to).self().contact().address(), code, (byte) 1, new byte[] {payload},
                        Duration.ofSeconds(2)).whenComplete((m, t) -> {
                            completions.incrementAndGet();
                            if (t == null) {
                                replies.incrementAndGet();
                                if (!expectReply || m.body()[0] != (byte) target || m.body()[1] != payload) {
                                    wrong.incrementAndGet();
                                }
                            } else {
                                timeouts.incrementAndGet();
                                if (expectReply) {
                                    wrong.incrementAndGet();
                                }
                            }
                        });
                scheduler.runFor(Duration.ofMillis(random.nextInt(20)));
            }
            scheduler.runFor(Duration.ofSeconds(5));

            String seedText = "seed " + seed;
            assertEquals(REQUESTS, completions.get(), seedText + ": every request completes exactly once");
            assertEquals(0, wrong.get(), seedText + ": a reply exactly where a handler is, with its own payload");
            int expectedReplies = 0;
            for (int i = 0; i < NODES; i++) {
                Map<RootCode, Integer> toMe = sent.getOrDefault(i, Map.of());
                int unhandled = 0;
                for (RootCode code : CODES) {
                    int n = toMe.getOrDefault(code, 0);
                    AtomicInteger count = handled.get(i).get(code);
                    if (count != null) {
                        assertEquals(n, count.get(), seedText + ": node " + i + " handled every " + code + " request");
                        expectedReplies += n;
                    } else {
                        unhandled += n;
                    }
                }
                assertEquals(unhandled, nodes.get(i).status().dispatcher().dropped(DropReason.NO_HANDLER),
                        seedText + ": node " + i + " counts requests on codes without a handler");
            }
            assertEquals(expectedReplies, replies.get(), seedText);
            assertEquals(REQUESTS - expectedReplies, timeouts.get(), seedText);
        } finally {
            nodes.forEach(PeerConnectNode::close);
        }
    }
}
