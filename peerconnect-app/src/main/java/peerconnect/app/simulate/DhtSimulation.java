package peerconnect.app.simulate;

import peerconnect.app.store.DiscardingStateStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.adapter.kademlia.LookupTrace;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.SignatureVerifier;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * Builds an N-node Kademlia network on one {@link InMemoryNetwork} in virtual time and measures it:
 * the proof behind {@code peerconnect simulate dht} and its tests. It sees the adapter as any user
 * does, through {@link KademliaNodes} and {@link KademliaNode}; the hops and RPCs of each lookup come
 * from {@link KademliaNode#traceLookup}.
 *
 * <p>Phases, each driven on the one scheduler thread: nodes join one at a time, node {@code i}
 * bootstrapping {@value #JOIN_SPACING_MILLIS} ms of virtual time after node {@code i-1} through a
 * random node that has already joined; then L lookups of random existing ids from random nodes; then
 * V puts of random values from random nodes; then, with churn F, a fraction F of the nodes vanish
 * without notice; then a get of every value from a random remaining node. Operations of one phase
 * start 1 ms apart and overlap, as on a real network. Loss applies to every datagram of the run.
 * Every node has a key drawn from the seed ({@link NodeKey#forSimulation}), as a real node does, so
 * it signs its peer-list record and registers, and the join figure counts what a real node sends.
 *
 * <p>Same settings, same report (apart from wall time and heap figures): every random choice comes
 * from generators seeded by {@link DhtSimulationSettings#seed()}.
 */
public final class DhtSimulation {
    /** Virtual time between two joins: longer than a loss-free join, so joins rarely overlap. */
    static final long JOIN_SPACING_MILLIS = 20;
    /** Bootstrap attempts per joining node before it counts as failed to join. */
    private static final int JOIN_ATTEMPTS = 5;
    /**
     * Virtual minutes run after the last join before the join's RPCs are counted: a join defers the
     * refresh of its empty buckets (one per one-minute maintenance tick) and its first peer-list
     * registration (the first tick), and that work is part of what a join costs.
     */
    static final int SETTLE_MINUTES = 10;
    private static final Duration OP_SPACING = Duration.ofMillis(1);
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final DhtSimulationSettings settings;
    private final Consumer<String> progress;
    private ProgressMeter meter = ProgressMeter.NONE;
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network;
    private final SplittableRandom random;
    private final KademliaConfig config;
    private final PeerId[] ids;
    private final KademliaNode[] nodes;
    private final RequestsDispatcher[] dispatchers;
    private final InMemoryEndpoint[] endpoints;
    private final boolean[] alive;
    private int pending;
    private long peakHeap;

    private DhtSimulation(DhtSimulationSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.network = new InMemoryNetwork(settings.seed(), scheduler,
                NetworkConditions.perfect().withLatency(settings.latency(), settings.jitter())
                        .withLoss(settings.loss()));
        this.random = new SplittableRandom(settings.seed() ^ 0x6b61_6465_6d6c_6961L);
        // No disk in a simulation: saving every 5 virtual minutes would only encode snapshots nobody reads.
        this.config = KademliaConfig.defaults().withSnapshotInterval(Duration.ofDays(365));
        int n = settings.nodes();
        ids = new PeerId[n];
        nodes = new KademliaNode[n];
        dispatchers = new RequestsDispatcher[n];
        endpoints = new InMemoryEndpoint[n];
        alive = new boolean[n];
    }

    /** Hears how far the current phase is: {@code done} of {@code total} operations. */
    @FunctionalInterface
    interface ProgressMeter {
        /** A meter that shows nothing. */
        ProgressMeter NONE = (phase, done, total) -> { };

        void update(String phase, long done, long total);
    }

    /** Runs the simulation described by {@code settings}; {@code progress} hears one line per phase. */
    public static DhtSimulationReport run(DhtSimulationSettings settings, Consumer<String> progress) {
        return run(settings, progress, ProgressMeter.NONE);
    }

    /** As above, with {@code meter} told how far each phase is while it runs. */
    static DhtSimulationReport run(DhtSimulationSettings settings, Consumer<String> progress, ProgressMeter meter) {
        DhtSimulation simulation = new DhtSimulation(settings, progress);
        simulation.meter = meter;
        return simulation.run();
    }

    /** Runs the simulation without progress lines. */
    public static DhtSimulationReport run(DhtSimulationSettings settings) {
        return run(settings, line -> { });
    }

    private DhtSimulationReport run() {
        long wallStart = System.nanoTime();
        long usedBefore = usedAfterGc();

        Map<String, Long> joinByOp = new TreeMap<>();
        long joinRpcs = build(joinByOp);
        long usedBuilt = usedAfterGc();
        progress.accept(String.format("built %,d nodes in %.1f s wall, %s virtual", settings.nodes(),
                (System.nanoTime() - wallStart) / 1e9, Durations.seconds(scheduler.elapsed())));

        DhtLookupTally lookups = runLookups();
        double[] puts = new double[1];
        List<Stored> stored = runPuts(puts);
        int removed = churn();
        double getRate = runGets(stored);

        sampleHeap();
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        int[] hops = lookups.hops.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new DhtSimulationReport(settings, lookups.successRate(), lookups.closestRate(), lookups.recallAtK(),
                percentile(hops, 50), percentile(hops, 95), percentile(hops, 99),
                hops.length == 0 ? 0 : hops[hops.length - 1], lookups.rpcsPerLookup(), puts[0], getRate,
                (double) joinRpcs / settings.nodes(), perNode(joinByOp), removed, network.totals().sent(), scheduler.elapsed(), wall,
                peakHeap, Runtime.getRuntime().maxMemory(), usedBuilt,
                Math.max(0, usedBuilt - usedBefore) / settings.nodes(), lookups.times());
    }

    private Map<String, Double> perNode(Map<String, Long> counts) {
        Map<String, Double> out = new TreeMap<>();
        counts.forEach((op, n) -> {
            if (n > 0) {
                out.put(op, (double) n / settings.nodes());
            }
        });
        return out;
    }

    private long build(Map<String, Long> byOp) {
        int n = settings.nodes();
        // Per node: a few lookups of alpha=3 at once while joining, so a small queue and registry do;
        // the defaults (8192 queued, 4096 pending) would preallocate nothing but allow far too much.
        DispatcherConfig dc = new DispatcherConfig(256, 64, 1, 512, config.rpcTimeout(), 64);
        NodeStateStore noDisk = new DiscardingStateStore();
        // Every node has a key, as a real one does: it signs its peer-list record and registers, and the
        // others check the records under the default budget. One Ed25519 verification per distinct
        // record in the whole JVM: the nodes still run every check, only the repeated CPU is saved.
        // Room for two records per node: each node signs one, and a memory smaller than the network
        // could forget records before their last check and verify them again.
        SignatureVerifier shared = new MemoizingVerifier(SignatureVerifier.ed25519(), Math.max(65_536, 2 * n));
        DhtNodeFactory.make(new DhtNodeFactory.Made(ids, nodes, dispatchers, endpoints), config, dc, network,
                scheduler, random, noDisk, shared);
        List<Integer> joined = new ArrayList<>(n);
        joined.add(0);
        for (int i = 0; i < n; i++) {
            alive[i] = true;
        }
        int[] failedJoins = new int[1];
        pending = n - 1;
        for (int i = 1; i < n; i++) {
            int joiner = i;
            scheduler.schedule(Duration.ofMillis(JOIN_SPACING_MILLIS * i),
                    () -> join(joiner, joined, JOIN_ATTEMPTS, failedJoins));
        }
        drive("joining");
        scheduler.runFor(Duration.ofMinutes(SETTLE_MINUTES));
        if (failedJoins[0] > 0) {
            progress.accept(failedJoins[0] + " nodes failed to join");
        }
        long[] rpcs = {0};
        for (KademliaNode node : nodes) {
            node.reportCounters((name, value) -> {
                if (name.equals("kademlia.rpcAttempts")) {
                    rpcs[0] += value;
                } else if (name.startsWith("kademlia.rpcAttempts.")) {
                    byOp.merge(name.substring("kademlia.rpcAttempts.".length()), value, Long::sum);
                }
            });
        }
        return rpcs[0];
    }

    /**
     * Bootstraps {@code joiner} through a random node that has joined; if that fails (every datagram
     * of the attempt lost), tries again a second later through another, as discovery would. Only
     * nodes that joined serve as bootstrap peers, so a failed join never seeds an island.
     */
    private void join(int joiner, List<Integer> joined, int attemptsLeft, int[] failedJoins) {
        int via = joined.get(random.nextInt(joined.size()));
        nodes[joiner].bootstrap(List.of(endpoints[via].localAddress())).whenComplete((ok, failure) -> {
            if (failure == null && ok) {
                joined.add(joiner);
            } else if (attemptsLeft > 1) {
                scheduler.schedule(Duration.ofSeconds(1), () -> join(joiner, joined, attemptsLeft - 1, failedJoins));
                return;
            } else {
                failedJoins[0]++;
            }
            pending--;
            if (joiner % 1000 == 0) {
                progress.accept(String.format("%,d nodes joined", joined.size()));
            }
        });
    }

    private DhtLookupTally runLookups() {
        DhtLookupTally out = new DhtLookupTally();
        int count = settings.lookups();
        int[] sources = new int[count];
        int[] targets = new int[count];
        LookupTrace[] results = new LookupTrace[count];
        long[] millis = new long[count];
        pending = count;
        for (int j = 0; j < count; j++) {
            sources[j] = randomAlive();
            do {
                targets[j] = randomAlive();
            } while (targets[j] == sources[j]);
            int slot = j;
            scheduler.schedule(OP_SPACING.multipliedBy(j), () -> {
                long start = scheduler.clock().millis();
                nodes[sources[slot]].traceLookup(ids[targets[slot]]).whenComplete((r, failure) -> {
                    results[slot] = r;
                    millis[slot] = scheduler.clock().millis() - start;
                    pending--;
                });
            });
        }
        drive("lookups");
        for (int j = 0; j < count; j++) {
            out.add(results[j], millis[j], ids[targets[j]], DhtLookupTally.trueClosest(ids, alive, ids[targets[j]],
                    sources[j], config.k()));
        }
        progress.accept(String.format("%,d lookups done, %s virtual", count, Durations.seconds(scheduler.elapsed())));
        return out;
    }

    private record Stored(PeerId key, byte[] value) {
    }

    private List<Stored> runPuts(double[] rate) {
        int count = settings.values();
        List<Stored> stored = new ArrayList<>(count);
        int[] acked = new int[1];
        pending = count;
        for (int j = 0; j < count; j++) {
            byte[] value = new byte[32 + random.nextInt(225)];
            random.nextBytes(value);
            Stored s = new Stored(PeerId.random(random), value);
            stored.add(s);
            int from = randomAlive();
            scheduler.schedule(OP_SPACING.multipliedBy(j), () -> nodes[from].put(s.key(), s.value())
                    .whenComplete((acks, failure) -> {
                        if (failure == null && acks > 0) {
                            acked[0]++;
                        }
                        pending--;
                    }));
        }
        drive("puts");
        rate[0] = count == 0 ? 1 : (double) acked[0] / count;
        progress.accept(String.format("%,d values put, %s virtual", count, Durations.seconds(scheduler.elapsed())));
        return stored;
    }

    private int churn() {
        int target = (int) Math.floor(settings.churn() * settings.nodes());
        int removed = 0;
        while (removed < target) {
            int victim = randomAlive();
            alive[victim] = false;
            // Kademlia has no goodbye: a stopped node just falls silent (its save goes to no disk).
            nodes[victim].stop();
            dispatchers[victim].closeNow();
            endpoints[victim].close();
            removed++;
        }
        if (removed > 0) {
            progress.accept(String.format("%,d nodes left without notice", removed));
        }
        return removed;
    }

    private double runGets(List<Stored> stored) {
        int[] ok = new int[1];
        pending = stored.size();
        for (int j = 0; j < stored.size(); j++) {
            Stored s = stored.get(j);
            int from = randomAlive();
            scheduler.schedule(OP_SPACING.multipliedBy(j), () -> {
                CompletableFuture<Optional<byte[]>> get = nodes[from].get(s.key());
                get.whenComplete((value, failure) -> {
                    if (failure == null && value.isPresent() && Arrays.equals(value.get(), s.value())) {
                        ok[0]++;
                    }
                    pending--;
                });
            });
        }
        drive("gets");
        progress.accept(String.format("%,d values fetched, %s virtual", stored.size(), Durations.seconds(scheduler.elapsed())));
        return stored.isEmpty() ? 1 : (double) ok[0] / stored.size();
    }

    /** Runs the scheduler until every operation of the current phase has completed, telling the meter. */
    private void drive(String phase) {
        long total = pending;
        long tasks = 0;
        meter.update(phase, 0, total);
        while (pending > 0) {
            if (!scheduler.runNext()) {
                throw new IllegalStateException("simulation stalled with " + pending + " operations pending");
            }
            if ((++tasks & 0xfff) == 0) {
                meter.update(phase, total - pending, total);
                if ((tasks & 0xffff) == 0) {
                    sampleHeap();
                }
            }
        }
        meter.update(phase, total, total);
        sampleHeap();
    }

    private void sampleHeap() {
        peakHeap = Math.max(peakHeap, MEMORY.getHeapMemoryUsage().getUsed());
    }

    private int randomAlive() {
        while (true) {
            int i = random.nextInt(alive.length);
            if (alive[i]) {
                return i;
            }
        }
    }

    static int percentile(int[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private long usedAfterGc() {
        sampleHeap();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
