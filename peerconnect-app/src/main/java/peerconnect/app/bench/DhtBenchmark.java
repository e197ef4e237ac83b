package peerconnect.app.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.LookupTrace;
import peerconnect.adapter.udp.UdpEndpointConfig;
import peerconnect.adapter.udp.UdpTransport;
import peerconnect.adapter.udp.UdpTransports;
import peerconnect.app.node.SystemScheduler;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryNodeStateStore;

/**
 * {@code bench dht}: N Kademlia nodes in one JVM, each on its own UDP socket on 127.0.0.1 with its own
 * dispatcher, wired as the app wires them. Node 0 is the seed; every other node bootstraps off node 0
 * and up to two random nodes that have joined, with at most {@link DhtBenchSettings#joinsInFlight()}
 * joins under way; then the network runs for the settle time, and then random nodes look up random
 * existing ids, one lookup after another, each checked against the true k closest.
 *
 * <p><b>Threads.</b> All nodes share one {@link SystemScheduler} (one timer thread, a virtual thread
 * per task), and each node's receive loop is a virtual thread: N nodes cost no platform thread of
 * their own, where a node started on its own has a scheduler and a receive thread.
 *
 * <p>The dispatchers have no rate limiter: every node here shares the address 127.0.0.1, which a
 * per-address limit would count as one flooding host.
 */
final class DhtBenchmark {
    /** Bound on each join and lookup: far above a loopback round trip, even on a loaded host. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The key of all RPC attempts in the figures by operation (an engine may not count by type). */
    static final String ALL = "all";

    private final DhtBenchSettings settings;

    DhtBenchmark(DhtBenchSettings settings) {
        this.settings = settings;
    }

    /** One node of the bench: a socket, its dispatcher and DHT. */
    private record Node(UdpTransport transport, RequestsDispatcher dispatcher, KademliaNode dht) {
        void close() {
            dht.stop();
            dispatcher.closeNow();
        }
    }

    DhtBenchFigures run() throws InterruptedException {
        InetAddress loopback;
        try {
            loopback = InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no loopback address", e);
        }
        int n = settings.nodes();
        SplittableRandom random = new SplittableRandom(settings.seed());
        long heapBefore = BenchWaits.heapUsedAfterGc();
        int threadsBefore = Thread.activeCount();
        ThreadFactory receiveThreads = Thread.ofVirtual().name("bench-dht-receive-", 0).factory();
        List<Node> nodes = new ArrayList<>(n);
        try (SystemScheduler scheduler = new SystemScheduler("bench-dht")) {
            try {
                long formStart = System.nanoTime();
                int failed = form(nodes, loopback, scheduler, receiveThreads, random);
                double formSeconds = (System.nanoTime() - formStart) / 1e9;
                Thread.sleep(settings.settle().toMillis());
                Map<String, Double> byOp = rpcsByOp(nodes);
                long heapAfter = BenchWaits.heapUsedAfterGc();
                int threadsAfter = Thread.activeCount();
                return lookups(nodes, random, formSeconds, byOp, (heapAfter - heapBefore) / (double) n,
                        threadsAfter - threadsBefore, failed);
            } finally {
                for (Node node : nodes) {
                    node.close();
                }
            }
        }
    }

    /** Opens every node and joins it; returns how many joins failed. */
    private int form(List<Node> nodes, InetAddress loopback, SystemScheduler scheduler, ThreadFactory receiveThreads,
                     SplittableRandom random) throws InterruptedException {
        List<NodeAddress> joined = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(settings.joinsInFlight());
        int[] failed = new int[1];
        KademliaConfig config = KademliaConfig.defaults();
        for (int i = 0; i < settings.nodes(); i++) {
            Node node = open(i, loopback, scheduler, receiveThreads, random, config);
            nodes.add(node);
            BenchWaits.await(node.dht.start(), "start of node " + i, WAIT);
            if (i == 0) {
                joined.add(node.transport.localAddress());
                continue;
            }
            List<NodeAddress> via = new ArrayList<>();
            via.add(joined.get(0));
            synchronized (joined) {
                for (int j = 0; j < 2 && joined.size() > 1; j++) {
                    NodeAddress a = joined.get(1 + random.nextInt(joined.size() - 1));
                    if (!via.contains(a)) {
                        via.add(a);
                    }
                }
            }
            if (!inFlight.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no join ended within " + WAIT);
            }
            NodeAddress self = node.transport.localAddress();
            node.dht.bootstrap(via).whenComplete((ok, failure) -> {
                if (failure == null && ok) {
                    joined.add(self);
                } else {
                    synchronized (failed) {
                        failed[0]++;
                    }
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(settings.joinsInFlight(), WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the last joins did not end within " + WAIT);
        }
        synchronized (failed) {
            return failed[0];
        }
    }

    private DhtBenchFigures lookups(List<Node> nodes, SplittableRandom random, double formSeconds,
                                    Map<String, Double> byOp, double heapPerNode, int threads, int failed)
            throws InterruptedException {
        int n = nodes.size();
        PeerId[] ids = new PeerId[n];
        for (int i = 0; i < n; i++) {
            ids[i] = nodes.get(i).dht.self().contact().id();
        }
        DhtLookupScore tally = new DhtLookupScore(ids, KademliaConfig.defaults().k());
        double[] millis = new double[settings.lookups()];
        for (int j = 0; j < settings.lookups(); j++) {
            int from = random.nextInt(n);
            int target;
            do {
                target = random.nextInt(n);
            } while (target == from);
            long start = System.nanoTime();
            LookupTrace trace = BenchWaits.await(nodes.get(from).dht.traceLookup(ids[target]), "lookup " + j, WAIT);
            millis[j] = (System.nanoTime() - start) / 1e6;
            tally.add(from, target, trace);
        }
        double[] sorted = GossipBenchmark.sorted(millis);
        double[] quantiles = {GossipBenchmark.quantile(sorted, 0.50), GossipBenchmark.quantile(sorted, 0.95),
                GossipBenchmark.quantile(sorted, 0.99)};
        return new DhtBenchFigures(settings, formSeconds, byOp, quantiles, tally.rpcsPerLookup(),
                tally.successRate(), tally.recallAtK(), heapPerNode, threads, failed);
    }

    private static Map<String, Double> rpcsByOp(List<Node> nodes) {
        Map<String, Long> sums = new TreeMap<>();
        for (Node node : nodes) {
            node.dht.reportCounters((name, value) -> {
                if (name.startsWith("kademlia.rpcAttempts.")) {
                    sums.merge(name.substring("kademlia.rpcAttempts.".length()), value, Long::sum);
                } else if (name.equals("kademlia.rpcAttempts")) {
                    sums.merge(ALL, value, Long::sum);
                }
            });
        }
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((op, v) -> {
            if (v > 0) {
                out.put(op, v / (double) nodes.size());
            }
        });
        return out;
    }

    private static Node open(int i, InetAddress loopback, SystemScheduler scheduler, ThreadFactory receiveThreads,
                             SplittableRandom random, KademliaConfig config) {
        UdpEndpointConfig endpoint = UdpEndpointConfig.defaults().withBind(loopback, 0).withGroups(List.of())
                .withNetworkInterface(loopback.getHostAddress());
        UdpTransport udp = UdpTransports.create(endpoint, scheduler, receiveThreads);
        try {
            PeerId id = PeerId.random(random);
            RequestsDispatcher dispatcher = RequestsDispatcher.builder(id).transport(udp).scheduler(scheduler)
                    .random(random.split()).build();
            KademliaNode dht = KademliaNodes.create(config,
                    new PeerRecord(new PeerContact(id, udp.localAddress()), "bench-" + i), dispatcher, scheduler,
                    random.split(), new InMemoryNodeStateStore());
            udp.start(dispatcher::onDatagram);
            return new Node(udp, dispatcher, dht);
        } catch (RuntimeException e) {
            udp.close();
            throw e;
        }
    }
}
