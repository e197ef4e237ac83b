package peerconnect.app.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import peerconnect.adapter.kademlia.KademliaConfig;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.adapter.kademlia.KademliaNodes;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.InMemoryNodeStateStore;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * A Kademlia network under a {@link FaultModel} on virtual time: the proof of contact liveness,
 * restarts and heals at a thousand nodes and more, behind {@code peerconnect simulate faults}.
 *
 * <p>Phases: the nodes join one at a time on a clean LAN (1 ms); the faults are switched on; every
 * node looks up a random id every {@value #LOOKUP_EVERY_SECONDS} s from then on. Every node also runs
 * gossip ({@link FaultRumors}) on its dispatcher, with its routing table as its peer directory. A steady
 * spell counts evictions (every node is alive, so each one is of a live peer) and, in its first half,
 * {@link Settings#rumors()} rumors are published by random nodes, to be delivered by every other node by
 * its end; then {@link Settings#kills()} nodes
 * are killed (their state as saved at that moment), and restarted {@link Settings#downtime()} later at
 * a new address with the same id and state. Each restarted node announces itself as discovery does at
 * start (one multicast datagram, lost and delayed like any other), and every node that hears it admits
 * it as proven at its new address ({@link peerconnect.ports.DistributedHashTable#followProven}; the
 * signature check itself is not simulated). The figures are how soon each one knows a peer again and
 * how soon the peers that held its old address hold the new one. Then the network is cut in two halves
 * for {@link Settings#partition()}; each half stores values meanwhile, and one node of each half
 * gossips a rumor 1 s before the heal; at the heal every node hears one node of the other half (as
 * discovery's answer to its announcement would make it), and 10 s later nodes of each half get the
 * other half's values; the figure for the rumors is how soon each reached every node of the other half.
 *
 * <p>Same settings, same report: every random choice comes from generators seeded by
 * {@link Settings#seed()}, and the network from the same seed.
 */
public final class FaultSimulation {
    static final int LOOKUP_EVERY_SECONDS = 10;
    private static final long JOIN_SPACING_MILLIS = 20;
    private static final Duration SAMPLE = Duration.ofMillis(100);
    private static final Duration AFTER_HEAL = Duration.ofSeconds(10);
    private static final Duration CUT_RUMOR_BEFORE_HEAL = Duration.ofSeconds(1);

    /**
     * What to simulate.
     *
     * @param nodes     network size, 2..20,000
     * @param faults    the bad LAN, applied after the build
     * @param steady    how long the faults run before the kills, every eviction counted
     * @param kills     nodes killed and restarted at a new address
     * @param downtime  how long a killed node stays down
     * @param partition how long the network stays cut in two halves
     * @param values    values each half stores during the partition
     * @param rumors    rumors published during the steady spell's first half
     * @param seed      seeds every random choice
     */
    public record Settings(int nodes, FaultModel faults, Duration steady, int kills, Duration downtime,
                           Duration partition, int values, int rumors, long seed) {
        /** Checks the figures. */
        public Settings {
            if (nodes < 2 || nodes > 20_000) {
                throw new IllegalArgumentException("nodes must be in 2..20000: " + nodes);
            }
            if (kills < 0 || kills > nodes / 2 || values < 0 || rumors < 0 || rumors > 10_000) {
                throw new IllegalArgumentException("kills must be in 0..nodes/2, values not negative and rumors in"
                        + " 0..10000: " + kills + ", " + values + ", " + rumors);
            }
            if (partition.compareTo(CUT_RUMOR_BEFORE_HEAL) < 0) {
                throw new IllegalArgumentException("the partition must last at least " + CUT_RUMOR_BEFORE_HEAL
                        + ", when its rumors are published: " + partition);
            }
            for (Duration d : List.of(steady, downtime, partition)) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("durations must not be negative: " + d);
                }
            }
        }
    }

    private final Settings s;
    private final Consumer<String> progress;
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network;
    private final SplittableRandom random;
    private final SplittableRandom announcements;
    private final KademliaConfig config = KademliaConfig.defaults();
    private final DispatcherConfig dispatcherConfig;
    private final EnvelopeCodec codec = EnvelopeCodec.create();
    private final NodeKey[] keys;
    private final PeerId[] ids;
    private final FaultRumors rumors;
    private final KademliaNode[] nodes;
    private final RequestsDispatcher[] dispatchers;
    private final InMemoryEndpoint[] endpoints;
    private final InMemoryNodeStateStore[] stores;
    private final boolean[] up;
    private final Map<PeerId, Integer> index = new HashMap<>();
    private int side = -1; // while partitioned: nodes below `side` form one half
    private long liveEvictions;
    private long deadEvictions;
    private long cutEvictions;

    private FaultSimulation(Settings s, Consumer<String> progress) {
        this.s = s;
        this.progress = progress;
        this.network = new InMemoryNetwork(s.seed(), scheduler,
                NetworkConditions.perfect().withLatency(Duration.ofMillis(1), Duration.ofMillis(1)));
        this.random = new SplittableRandom(s.seed() ^ 0x6661_756c_7473L);
        this.announcements = new SplittableRandom(s.seed() ^ 0x616e_6e6f_756e_6365L);
        this.dispatcherConfig = new DispatcherConfig(256, 64, 1, 512, config.rpcTimeout(), 64);
        int n = s.nodes();
        keys = new NodeKey[n];
        ids = new PeerId[n];
        rumors = new FaultRumors(n, scheduler);
        nodes = new KademliaNode[n];
        dispatchers = new RequestsDispatcher[n];
        endpoints = new InMemoryEndpoint[n];
        stores = new InMemoryNodeStateStore[n];
        up = new boolean[n];
    }

    /** Runs the simulation; {@code progress} hears one line per phase. */
    public static FaultReport run(Settings settings, Consumer<String> progress) {
        return new FaultSimulation(settings, progress).run();
    }

    private FaultReport run() {
        long wallStart = System.nanoTime();
        build();
        network.setConditions(s.faults().conditions());
        scheduleLookups();
        int tableBefore = meanTable();
        for (int r = 0; r < s.rumors(); r++) {
            scheduler.schedule(s.steady().dividedBy(2L * s.rumors()).multipliedBy(r),
                    () -> rumors.publish(random.nextInt(s.nodes())));
        }
        scheduler.runFor(s.steady());
        long steadyLive = liveEvictions;
        long steadyDelivered = rumors.delivered(0, s.rumors(), i -> true);
        progress.accept(String.format("steady %s under faults: %d live evictions, %d dead; %,d of %,d rumor deliveries",
                s.steady(), liveEvictions, deadEvictions, steadyDelivered, (long) s.rumors() * (s.nodes() - 1)));
        Restarts restarts = killAndRestart();
        Heal heal = partitionAndHeal();
        FaultReport.Rumors gossiped = new FaultReport.Rumors(s.rumors(), steadyDelivered,
                (long) s.rumors() * (s.nodes() - 1), heal.rumorAMillis(), heal.rumorBMillis(), rumors.duplicates());
        return new FaultReport(s, tableBefore, meanTable(), steadyLive, liveEvictions, deadEvictions, cutEvictions,
                restarts.rejoinMillis(), restarts.seenAtNewAddressWithin2s(), restarts.seenAtNewAddressWithin10s(),
                heal.getRate(), heal.knowOtherSide(), gossiped, network.totals().sent(), scheduler.elapsed(),
                Duration.ofNanos(System.nanoTime() - wallStart));
    }

    // ---------------------------------------------------------------- build

    private void build() {
        for (int i = 0; i < s.nodes(); i++) {
            stores[i] = new InMemoryNodeStateStore();
            keys[i] = NodeKey.forSimulation(random.nextLong());
            ids[i] = keys[i].peerId();
            index.put(ids[i], i);
            boot(i, network.endpoint());
        }
        List<Integer> joined = new ArrayList<>(List.of(0));
        for (int i = 1; i < s.nodes(); i++) {
            int joiner = i;
            scheduler.schedule(Duration.ofMillis(JOIN_SPACING_MILLIS * i), () -> {
                int via = joined.get(random.nextInt(joined.size()));
                nodes[joiner].bootstrap(List.of(endpoints[via].localAddress())).thenAccept(ok -> {
                    if (ok) {
                        joined.add(joiner);
                    }
                });
            });
        }
        scheduler.runFor(Duration.ofMillis(JOIN_SPACING_MILLIS * s.nodes()).plusSeconds(10));
        progress.accept(String.format("built %,d nodes (%,d joined), %s virtual", s.nodes(), joined.size(),
                scheduler.elapsed()));
    }

    /** Starts node {@code i} on {@code endpoint} with its id, store and gossip; its evictions are classified. */
    private void boot(int i, InMemoryEndpoint endpoint) {
        RequestsDispatcher dispatcher = RequestsDispatcher.builder(ids[i]).config(dispatcherConfig).codec(codec)
                .transport(endpoint).scheduler(scheduler).random(random.split()).build();
        KademliaNode node = KademliaNodes.create(config.withSnapshotInterval(Duration.ofDays(365)),
                new PeerRecord(new PeerContact(ids[i], endpoint.localAddress()), "node-" + i), dispatcher, scheduler,
                random.split(), stores[i]);
        rumors.boot(i, keys[i], dispatcher, node, random.split());
        endpoint.start(dispatcher::onDatagram);
        int self = i;
        node.onEviction(c -> classify(self, c));
        node.start();
        nodes[i] = node;
        dispatchers[i] = dispatcher;
        endpoints[i] = endpoint;
        up[i] = true;
    }

    /** An eviction by {@code by} of {@code c}: of a live peer at its current address, of a dead one, or across the cut. */
    private void classify(int by, PeerContact c) {
        Integer j = index.get(c.id());
        boolean reachableThere = j != null && up[j] && endpoints[j].localAddress().equals(c.address());
        if (!reachableThere) {
            deadEvictions++;
        } else if (side >= 0 && (by < side) != (j < side)) {
            cutEvictions++;
        } else {
            liveEvictions++;
        }
    }

    private void scheduleLookups() {
        for (int i = 0; i < s.nodes(); i++) {
            int node = i;
            scheduler.schedule(Duration.ofMillis(random.nextLong(LOOKUP_EVERY_SECONDS * 1000L)), () -> lookupLoop(node));
        }
    }

    private void lookupLoop(int i) {
        if (up[i]) {
            nodes[i].lookup(PeerId.random(random));
        }
        scheduler.schedule(Duration.ofSeconds(LOOKUP_EVERY_SECONDS), () -> lookupLoop(i));
    }

    private int meanTable() {
        long sum = 0;
        int count = 0;
        for (int i = 0; i < s.nodes(); i++) {
            if (up[i]) {
                sum += nodes[i].knownPeers().size();
                count++;
            }
        }
        return count == 0 ? 0 : (int) (sum / count);
    }

    // ---------------------------------------------------------------- kill and restart

    private record Restarts(long[] rejoinMillis, double seenAtNewAddressWithin2s, double seenAtNewAddressWithin10s) {
    }

    private Restarts killAndRestart() {
        int[] victims = random.ints(0, s.nodes()).distinct().limit(s.kills()).toArray();
        Map<Integer, List<Integer>> holders = new HashMap<>();
        for (int v : victims) {
            List<Integer> h = new ArrayList<>();
            PeerContact old = new PeerContact(ids[v], endpoints[v].localAddress());
            for (int i = 0; i < s.nodes(); i++) {
                if (i != v && nodes[i].knownPeers().contains(old)) {
                    h.add(i);
                }
            }
            holders.put(v, h);
            // SIGKILL: the state is what the node had saved; here, a snapshot at that very moment.
            nodes[v].stop();
            rumors.kill(v);
            dispatchers[v].closeNow();
            endpoints[v].close();
            up[v] = false;
        }
        scheduler.runFor(s.downtime());
        long restartedAt = scheduler.clock().millis();
        for (int v : victims) {
            boot(v, network.endpoint()); // a new port
            announce(v);
        }
        long[] rejoin = new long[victims.length];
        Arrays.fill(rejoin, -1);
        long[] held2 = new long[1];
        long[] held10 = new long[1];
        long total = holders.values().stream().mapToLong(List::size).sum();
        for (long t = 0; t <= 10_000; t += SAMPLE.toMillis()) {
            for (int k = 0; k < victims.length; k++) {
                if (rejoin[k] < 0 && !nodes[victims[k]].knownPeers().isEmpty()) {
                    rejoin[k] = scheduler.clock().millis() - restartedAt;
                }
            }
            if (t == 2_000 || t == 10_000) {
                long atNew = 0;
                for (int v : victims) {
                    PeerContact now = new PeerContact(ids[v], endpoints[v].localAddress());
                    atNew += holders.get(v).stream().filter(i -> up[i] && nodes[i].knownPeers().contains(now)).count();
                }
                (t == 2_000 ? held2 : held10)[0] = atNew;
            }
            scheduler.runFor(SAMPLE);
        }
        progress.accept(String.format("%d nodes killed and restarted at new addresses, %s virtual", victims.length,
                scheduler.elapsed()));
        Arrays.sort(rejoin);
        return new Restarts(rejoin, total == 0 ? 1 : (double) held2[0] / total, total == 0 ? 1 : (double) held10[0] / total);
    }

    /**
     * Node {@code v}'s announcement at start: heard by each live node with the LAN's loss and delay,
     * each hearer following the sender to it if it knows the id. Drawn from a generator of its own, so the later
     * phases draw what they drew before announcements were simulated.
     */
    private void announce(int v) {
        PeerContact at = new PeerContact(ids[v], endpoints[v].localAddress());
        FaultModel f = s.faults();
        long base = f.delay().minus(f.jitter()).toMillis();
        long spread = 2 * f.jitter().toMillis() + 1;
        for (int i = 0; i < s.nodes(); i++) {
            if (i == v || !up[i] || announcements.nextDouble() < f.loss()) {
                continue;
            }
            int hearer = i;
            scheduler.schedule(Duration.ofMillis(base + announcements.nextLong(spread)), () -> {
                if (up[hearer]) {
                    nodes[hearer].followProven(at);
                }
            });
        }
    }

    // ---------------------------------------------------------------- partition and heal

    /** @param rumorAMillis ms from the heal until half A's rumor had reached all of half B (-1: not by the end); B the same */
    private record Heal(double getRate, double knowOtherSide, long rumorAMillis, long rumorBMillis) {
    }

    private Heal partitionAndHeal() {
        side = s.nodes() / 2;
        List<NodeAddress> a = new ArrayList<>();
        List<NodeAddress> b = new ArrayList<>();
        for (int i = 0; i < s.nodes(); i++) {
            (i < side ? a : b).add(endpoints[i].localAddress());
        }
        network.partition(a, b);
        scheduler.runFor(s.partition().dividedBy(2));
        FaultValues valuesA = new FaultValues();
        FaultValues valuesB = new FaultValues();
        for (int v = 0; v < s.values(); v++) {
            valuesA.put(nodes[random.nextInt(side)], random);
            valuesB.put(nodes[side + random.nextInt(s.nodes() - side)], random);
        }
        scheduler.runFor(s.partition().minus(s.partition().dividedBy(2)).minus(CUT_RUMOR_BEFORE_HEAL));
        int rumorA = rumors.publish(random.nextInt(side));
        int rumorB = rumors.publish(side + random.nextInt(s.nodes() - side));
        scheduler.runFor(CUT_RUMOR_BEFORE_HEAL);
        network.heal();
        long healedAt = scheduler.clock().millis();
        // Discovery's announcement is answered across the healed LAN: each node hears one of the other half.
        for (int i = 0; i < s.nodes(); i++) {
            int other = i < side ? side + random.nextInt(s.nodes() - side) : random.nextInt(side);
            int node = i;
            scheduler.schedule(Duration.ofMillis(random.nextLong(1000)),
                    () -> nodes[node].bootstrap(List.of(endpoints[other].localAddress())));
        }
        scheduler.runFor(AFTER_HEAL);
        int known = 0;
        for (int i = 0; i < s.nodes(); i++) {
            boolean mine = i < side;
            if (nodes[i].knownPeers().stream().map(c -> index.get(c.id()))
                    .anyMatch(j -> j != null && (j < side) != mine)) {
                known++;
            }
        }
        valuesA.getFrom(nodes, side, s.nodes(), random);
        valuesB.getFrom(nodes, 0, side, random);
        scheduler.runFor(Duration.ofSeconds(30));
        int ok = valuesA.found() + valuesB.found();
        int asked = valuesA.asked() + valuesB.asked();
        int half = side;
        long aMillis = rumors.reachedAllMillis(rumorA, i -> i >= half, healedAt);
        long bMillis = rumors.reachedAllMillis(rumorB, i -> i < half, healedAt);
        side = -1;
        progress.accept(String.format("partition %s healed; %d of %d gets across it found their value; rumors across"
                + " it in %d / %d ms, %s virtual", s.partition(), ok, asked, aMillis, bMillis, scheduler.elapsed()));
        return new Heal(asked == 0 ? 1 : (double) ok / asked, (double) known / s.nodes(), aMillis, bMillis);
    }
}
