package peerconnect.app.bench;

import peerconnect.app.node.SystemScheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.gossip.GossipNodes;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.domain.DropReason;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * {@code bench gossip}: N nodes in one JVM, each on its own UDP socket on 127.0.0.1 with its own
 * dispatcher, Kademlia node and gossip node, wired as the app wires them; the DHT is formed first
 * (each node joins through a random earlier one), then rumors are published one at a time from random
 * nodes and the time until half / all of the other N − 1 nodes delivered each is measured.
 *
 * <p><b>Threads.</b> All nodes share one {@link SystemScheduler} (one timer thread, a virtual thread
 * per task); each node's receive loop is a virtual thread, so N nodes cost N virtual threads and no
 * platform thread of their own.
 *
 * <p><b>Push or pull.</b> A rumor counts as completed by push when every other node delivered it within
 * {@link #PUSH_WINDOW} of its publication: anti-entropy (digests, their answers, the ids shuffles
 * carry) leaves a rumor to push until it has been at a node that long, so no pulled copy can arrive
 * sooner. A second, stricter count ("quiet") also asks that no node sent any rumor by anti-entropy
 * while it spread; rumors are published one at a time, the next only once the last is everywhere or
 * timed out, but a digest may still answer with an older rumor in that window.
 *
 * <p>The dispatchers have no rate limiter: every node here shares the address 127.0.0.1, which a
 * per-address limit would count as one flooding host.
 */
final class GossipBenchmark {
    /** A rumor not delivered everywhere by then counts as incomplete. */
    static final Duration RUMOR_TIMEOUT = Duration.ofSeconds(5);
    /** Bound on each join and start: far above a loopback round trip, even on a loaded host. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PAYLOAD_BYTES = 64;
    /** The gossip adapter's settling time (its {@code AntiEntropy.SETTLED_MILLIS}): before it, only push delivers. */
    static final Duration PUSH_WINDOW = Duration.ofMillis(100);

    private final GossipBenchSettings settings;
    private final Function<GossipConfig, GossipConfig> tuning;

    GossipBenchmark(GossipBenchSettings settings) {
        this(settings, Function.identity());
    }

    /** @param tuning applied to {@link GossipConfig#defaults()} for every node (tests shorten timers) */
    GossipBenchmark(GossipBenchSettings settings, Function<GossipConfig, GossipConfig> tuning) {
        this.settings = settings;
        this.tuning = tuning;
    }

    GossipBenchFigures run() throws InterruptedException {
        InetAddress loopback;
        try {
            loopback = InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no loopback address", e);
        }
        int n = settings.nodes();
        int rumors = settings.rumors();
        SplittableRandom random = new SplittableRandom(settings.seed());
        long heapBefore = BenchWaits.heapUsedAfterGc();
        int threadsBefore = Thread.activeCount();
        GossipConfig config = tuning.apply(GossipConfig.defaults());
        ThreadFactory receiveThreads = Thread.ofVirtual().name("bench-gossip-receive-", 0).factory();
        List<Node> nodes = new ArrayList<>(n);
        // deliveredAt[r][i]: System.nanoTime() when node i delivered rumor r, 0 if not (yet).
        long[][] deliveredAt = new long[rumors][n];
        CountDownLatch[] done = new CountDownLatch[rumors];
        for (int r = 0; r < rumors; r++) {
            done[r] = new CountDownLatch(n - 1);
        }
        long formStart = System.nanoTime();
        try (SystemScheduler scheduler = new SystemScheduler("bench-gossip")) {
            try {
                for (int i = 0; i < n; i++) {
                    Node node = open(i, loopback, scheduler, receiveThreads, random, config);
                    nodes.add(node);
                    int index = i;
                    node.gossip.subscribe(m -> {
                        int r = ByteBuffer.wrap(m.payload()).getInt();
                        if (r >= 0 && r < rumors && deliveredAt[r][index] == 0) {
                            deliveredAt[r][index] = System.nanoTime();
                            done[r].countDown();
                        }
                    });
                    BenchWaits.await(node.dht.start(), "start of node " + i, WAIT);
                    if (i > 0) {
                        Node via = nodes.get(random.nextInt(i));
                        BenchWaits.await(node.dht.bootstrap(List.of(via.transport.localAddress())), "join of node " + i, WAIT);
                    }
                }
                double formSeconds = (System.nanoTime() - formStart) / 1e9;
                // Measured before settling, not just before the rumors: the full GC it takes shrinks the
                // heap, and the rumors would then run into young collections every few hundred ms.
                long heapAfter = BenchWaits.heapUsedAfterGc();
                int threadsAfter = Thread.activeCount();
                Thread.sleep(settings.settle().toMillis());
                int[] inDegree = inDegrees(nodes);

                long[] before = gossipTraffic(nodes);
                long pushedBefore = pushed(nodes);
                long shedBefore = shed(nodes);
                long start = System.nanoTime();
                long[] publishedAt = new long[rumors];
                boolean[] quiet = new boolean[rumors];
                for (int r = 0; r < rumors; r++) {
                    int origin = random.nextInt(n);
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    random.nextBytes(payload);
                    ByteBuffer.wrap(payload).putInt(r);
                    deliveredAt[r][origin] = -1;
                    long pulledBefore = pulledSent(nodes);
                    publishedAt[r] = System.nanoTime();
                    nodes.get(origin).gossip.publish(payload);
                    boolean all = done[r].await(RUMOR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    quiet[r] = all && pulledSent(nodes) == pulledBefore;
                }
                // Stragglers of the last rumors (duplicates, digests) are part of what the rumors cost.
                Thread.sleep(100);
                double seconds = (System.nanoTime() - start) / 1e9;
                long[] after = gossipTraffic(nodes);
                return GossipBenchFigures.of(settings, formSeconds, seconds, deliveredAt, publishedAt, quiet,
                        after[0] - before[0], after[1] - before[1], pushed(nodes) - pushedBefore, inDegree,
                        shed(nodes) - shedBefore,
                        (heapAfter - heapBefore) / (double) n, threadsAfter - threadsBefore);
            } finally {
                for (Node node : nodes) {
                    node.close();
                }
            }
        }
    }

    /** One node of the bench: a socket, its dispatcher, DHT and gossip. */
    private record Node(UdpTransport transport, GossipTrafficCounter counter, RequestsDispatcher dispatcher,
                        KademliaNode dht, GossipNode gossip) {
        void close() {
            gossip.close();
            dht.stop();
            counter.close();
            dispatcher.closeNow();
        }
    }

    private static Node open(int i, InetAddress loopback, SystemScheduler scheduler, ThreadFactory receiveThreads,
                             SplittableRandom random, GossipConfig config) {
        UdpEndpointConfig endpoint = UdpEndpointConfig.defaults().withBind(loopback, 0).withGroups(List.of())
                .withNetworkInterface(loopback.getHostAddress());
        UdpTransport udp = UdpTransports.create(endpoint, scheduler, receiveThreads);
        GossipTrafficCounter counter = new GossipTrafficCounter(udp);
        try {
            NodeKey key = NodeKey.forSimulation(random.nextLong());
            PeerId id = key.peerId();
            RequestsDispatcher dispatcher = RequestsDispatcher.builder(id).transport(counter).scheduler(scheduler)
                    .random(random.split()).build();
            String name = "bench-" + i;
            KademliaNode dht = KademliaNodes.create(KademliaConfig.defaults(),
                    new PeerRecord(new PeerContact(id, udp.localAddress()), name), dispatcher, scheduler,
                    random.split(), new InMemoryNodeStateStore());
            GossipNode gossip = GossipNodes.create(config, key, name, dispatcher, scheduler, random.split(), dht);
            counter.start(dispatcher);
            return new Node(udp, counter, dispatcher, dht, gossip);
        } catch (RuntimeException e) {
            counter.close();
            throw e;
        }
    }

    /** Per node, how many other nodes' gossip views hold it. */
    private static int[] inDegrees(List<Node> nodes) {
        Map<PeerId, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).gossip.id(), i);
        }
        int[] in = new int[nodes.size()];
        for (Node node : nodes) {
            for (PeerContact c : node.gossip.view()) {
                Integer j = index.get(c.id());
                if (j != null) {
                    in[j]++;
                }
            }
        }
        return in;
    }

    /** Gossip datagrams and bytes sent so far, over all nodes. */
    private static long[] gossipTraffic(List<Node> nodes) {
        long[] sum = new long[2];
        for (Node node : nodes) {
            sum[0] += node.counter.datagrams();
            sum[1] += node.counter.bytes();
        }
        return sum;
    }

    private static long pulledSent(List<Node> nodes) {
        long sum = 0;
        for (Node node : nodes) {
            sum += node.gossip.stats().pulledSent();
        }
        return sum;
    }

    private static long shed(List<Node> nodes) {
        long sum = 0;
        for (Node node : nodes) {
            sum += node.dispatcher.stats().dropped(DropReason.SHED);
        }
        return sum;
    }

    private static long pushed(List<Node> nodes) {
        long sum = 0;
        for (Node node : nodes) {
            sum += node.gossip.stats().pushed();
        }
        return sum;
    }

    /** Nearest-rank quantile of {@code sorted}; NaN if empty. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
