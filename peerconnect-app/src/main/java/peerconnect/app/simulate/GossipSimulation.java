package peerconnect.app.simulate;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import peerconnect.adapter.gossip.GossipConfig;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.gossip.GossipNodes;
import peerconnect.adapter.gossip.GossipRejection;
import peerconnect.adapter.gossip.GossipStats;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.PeerContact;
import peerconnect.domain.NodeKey;
import peerconnect.domain.PeerId;
import peerconnect.domain.SignatureCheckSettings;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.SignatureVerifier;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.PeerDirectory;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;

/**
 * Runs many gossip nodes — each a real {@link RequestsDispatcher} and {@link GossipNode} on an
 * {@link InMemoryNetwork} endpoint — in virtual time from one seed, and measures coverage and cost.
 *
 * <p><b>Directories are synthetic.</b> The DHT is not part of this run, so each node's
 * {@link PeerDirectory} holds what a Kademlia routing table of k = 20 would
 * ({@link KademliaShapedViews}): up to 20 random peers per bucket. Gossip fills its own view from it
 * and shuffles for {@link #SETTLE} before the first rumor. Nodes that crash stay in the directories,
 * as in a routing table before eviction, and in gossip views until a shuffle finds them silent, so
 * forwards to them are lost.
 *
 * <p><b>Scenario.</b> Rumors are published one every {@link #RUMOR_SPACING} by a random live node;
 * with churn, a fraction of the nodes (never the search's two ends) crash at uniform random instants
 * while rumors are published. The run then lasts long enough for the last rumor to spread and for
 * three anti-entropy rounds, and ends with a search from one live node for the unique name of another
 * ({@code node-000042}-style names, so exactly one node matches).
 *
 * <p>Single-threaded: everything runs on the calling thread, so the same settings give the same report.
 */
final class GossipSimulation {
    /** One round: the network latency of every datagram (without jitter). A LAN hop is well under a millisecond; 1 ms keeps numbers readable. */
    public static final Duration ROUND = Duration.ofMillis(1);
    /** Time between two publications: 50 rounds, several times what a rumor needs to reach everyone, so rumors barely overlap. */
    public static final Duration RUMOR_SPACING = Duration.ofMillis(50);
    /** How long a search waits for answers: many times the rounds a search needs to spread. */
    public static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(1);
    /** Routing-table bucket size of the synthetic views (Kademlia's k). */
    public static final int K = 20;
    /**
     * How long the nodes run before the first rumor: 30 shuffle intervals of the default gossip view,
     * so the views have mixed away from the routing tables' shape, as on a node that has been up a while.
     */
    public static final Duration SETTLE = Duration.ofSeconds(30);

    private static final long ROUND_NANOS = ROUND.toNanos();

    private final GossipSimulationSettings settings;
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network;
    private final SplittableRandom random;
    private final List<GossipNode> nodes = new ArrayList<>();
    private final List<RequestsDispatcher> dispatchers = new ArrayList<>();
    private final List<InMemoryEndpoint> endpoints = new ArrayList<>();
    private final boolean[] alive;
    private final long[] publishedAtNanos;
    private final int[] origins;
    // firstRound[r][i]: round node i first delivered rumor r, or -1.
    private final int[][] firstRound;
    private long extraDeliveries;

    private GossipSimulation(GossipSimulationSettings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        NetworkConditions conditions = NetworkConditions.perfect().withLoss(settings.loss())
                .withLatency(ROUND, settings.jitter()).withDuplication(settings.duplication());
        this.network = new InMemoryNetwork(random.nextLong(), scheduler, conditions);
        int n = settings.nodes();
        this.alive = new boolean[n];
        this.publishedAtNanos = new long[settings.rumors()];
        this.origins = new int[settings.rumors()];
        this.firstRound = new int[settings.rumors()][];
    }

    /** Runs the simulation these settings describe and reports what it measured. */
    public static GossipSimulationReport run(GossipSimulationSettings settings) {
        return new GossipSimulation(settings).execute();
    }

    private GossipSimulationReport execute() {
        int n = settings.nodes();
        List<PeerContact> contacts = new ArrayList<>(n);
        List<NodeKey> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            InMemoryEndpoint endpoint = network.endpoint();
            endpoints.add(endpoint);
            NodeKey key = NodeKey.forSimulation(random.nextLong());
            keys.add(key);
            contacts.add(new PeerContact(key.peerId(), endpoint.localAddress()));
        }
        // Every node signs its rumors and checks the others' under the default budget, as a real node
        // does; one verification per distinct signature in the whole JVM (the datagrams are the same,
        // only 10,000 nodes' worth of Ed25519 would take minutes of CPU).
        SignatureVerifier shared = new MemoizingVerifier(SignatureVerifier.ed25519(), 65_536);
        List<List<PeerContact>> views = KademliaShapedViews.build(contacts, K, random.split());
        GossipConfig config = GossipConfig.defaults().withFanout(settings.fanout())
                .withAntiEntropy(settings.antiEntropyInterval(), GossipConfig.defaults().antiEntropyWindow());
        // One worker: handling order is then a pure function of arrival order. A small queue: a node
        // rarely has more than a few datagrams waiting, and 10,000 dispatchers must fit in memory.
        DispatcherConfig dispatcherConfig = DispatcherConfig.defaults().withMaxWorkers(1).withQueueCapacity(1024)
                .withMaxPendingReplies(16);
        for (int i = 0; i < n; i++) {
            int index = i;
            InMemoryEndpoint endpoint = endpoints.get(i);
            RequestsDispatcher dispatcher = RequestsDispatcher.builder(contacts.get(i).id()).config(dispatcherConfig)
                    .transport(endpoint).scheduler(scheduler).random(random.split()).build();
            List<PeerContact> view = views.get(i);
            PeerDirectory directory = () -> view;
            GossipNode node = GossipNodes.create(config, keys.get(i), nameOf(i), dispatcher, scheduler,
                    random.split(), directory,
                    new SignatureChecker(SignatureCheckSettings.defaults(), shared, scheduler.clock()));
            node.subscribe(m -> delivered(index, m.payload()));
            endpoint.start(dispatcher::onDatagram);
            dispatchers.add(dispatcher);
            nodes.add(node);
            alive[i] = true;
        }

        int searcher = random.nextInt(n);
        int target = n == 2 ? 1 - searcher : pickOther(searcher, n);
        scheduler.runFor(SETTLE);
        long settleDatagrams = network.totals().sent();
        List<GossipStats> settleStats = nodes.stream().map(GossipNode::stats).toList();
        scheduleChurn(searcher, target);
        for (int r = 0; r < settings.rumors(); r++) {
            int rumor = r;
            scheduler.schedule(RUMOR_SPACING.multipliedBy(r), () -> publish(rumor));
        }
        Duration spreadEnd = RUMOR_SPACING.multipliedBy(settings.rumors())
                .plus(ROUND.multipliedBy(4L * config.ttlHops()))
                .plus(settings.jitter().multipliedBy(config.ttlHops()))
                .plus(settings.antiEntropyInterval().multipliedBy(3));
        scheduler.runFor(spreadEnd);
        long rumorDatagrams = network.totals().sent() - settleDatagrams;
        List<GossipStats> rumorStats = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rumorStats.add(minus(nodes.get(i).stats(), settleStats.get(i)));
        }

        SearchOutcome search = settings.search() ? search(searcher, target) : new SearchOutcome(false, 0, -1, 0);
        return report(rumorDatagrams, rumorStats, search);
    }

    private void publish(int rumor) {
        int origin;
        do {
            origin = random.nextInt(settings.nodes());
        } while (!alive[origin]);
        byte[] payload = new byte[settings.payloadBytes()];
        random.nextBytes(payload);
        ByteBuffer.wrap(payload).putInt(rumor);
        origins[rumor] = origin;
        publishedAtNanos[rumor] = scheduler.elapsed().toNanos();
        int[] rounds = new int[settings.nodes()];
        Arrays.fill(rounds, -1);
        rounds[origin] = 0;
        firstRound[rumor] = rounds;
        nodes.get(origin).publish(payload);
    }

    private void delivered(int node, byte[] payload) {
        int rumor = ByteBuffer.wrap(payload).getInt();
        int[] rounds = firstRound[rumor];
        if (rounds[node] >= 0) {
            extraDeliveries++;
            return;
        }
        rounds[node] = (int) ((scheduler.elapsed().toNanos() - publishedAtNanos[rumor]) / ROUND_NANOS);
    }

    private void scheduleChurn(int searcher, int target) {
        int n = settings.nodes();
        int leaving = (int) Math.floor(settings.churn() * n);
        long window = Math.max(1, RUMOR_SPACING.multipliedBy(Math.max(1, settings.rumors())).toNanos());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int scheduled = 0;
        for (int j = 0; j < n && scheduled < leaving; j++) {
            int pick = j + random.nextInt(n - j);
            int victim = order[pick];
            order[pick] = order[j];
            order[j] = victim;
            if (victim == searcher || victim == target) {
                continue;
            }
            scheduled++;
            scheduler.schedule(Duration.ofNanos(random.nextLong(window)), () -> crash(victim));
        }
    }

    /** A crash: the node stops at once; it stays in the others' views. */
    private void crash(int node) {
        alive[node] = false;
        nodes.get(node).close();
        dispatchers.get(node).closeNow();
        endpoints.get(node).close();
    }

    private record SearchOutcome(boolean found, int results, int firstResultRounds, long datagrams) {
    }

    private SearchOutcome search(int searcher, int target) {
        long costBefore = searchCost();
        long startNanos = scheduler.elapsed().toNanos();
        long[] firstAt = {-1};
        String wanted = nameOf(target);
        var future = nodes.get(searcher).search(wanted, SEARCH_TIMEOUT, found -> {
            if (firstAt[0] < 0) {
                firstAt[0] = scheduler.elapsed().toNanos();
            }
        });
        scheduler.runFor(SEARCH_TIMEOUT.plus(ROUND));
        var results = future.getNow(List.of());
        boolean found = results.stream().anyMatch(f -> f.name().equals(wanted)
                && f.contact().id().equals(nodes.get(target).id()));
        int rounds = firstAt[0] < 0 ? -1 : (int) ((firstAt[0] - startNanos) / ROUND_NANOS);
        return new SearchOutcome(found, results.size(), rounds, searchCost() - costBefore);
    }

    /** Datagrams spreading searches and answering them, over all nodes (digests in the same window are not the search's). */
    private long searchCost() {
        long sum = 0;
        for (GossipNode node : nodes) {
            GossipStats s = node.stats();
            sum += s.pushed() + s.searchRepliesSent();
        }
        return sum;
    }

    private GossipSimulationReport report(long rumorDatagrams, List<GossipStats> stats, SearchOutcome search) {
        int n = settings.nodes();
        int live = 0;
        for (boolean a : alive) {
            live += a ? 1 : 0;
        }
        int rumors = settings.rumors();
        double[] coverage = new double[rumors];
        int[] to99 = new int[rumors];
        int[] toLast = new int[rumors];
        int full = 0;
        int needed = (int) Math.ceil(0.99 * live);
        for (int r = 0; r < rumors; r++) {
            int[] rounds = firstRound[r];
            int[] reached = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (alive[i] && rounds[i] >= 0) {
                    reached[count++] = rounds[i];
                }
            }
            Arrays.sort(reached, 0, count);
            coverage[r] = live == 0 ? 1 : (double) count / live;
            full += count == live ? 1 : 0;
            to99[r] = count >= needed && needed > 0 ? reached[needed - 1] : (needed == 0 ? 0 : -1);
            toLast[r] = count == 0 ? 0 : reached[count - 1];
        }
        long push = 0;
        long pull = 0;
        long shuffles = 0;
        long duplicates = 0;
        long rejected = 0;
        for (GossipStats s : stats) {
            push += s.pushed();
            pull += s.digestsSent() + s.pullRequestsSent() + s.pulledSent();
            shuffles += s.shufflesSent();
            duplicates += s.duplicatesSuppressed();
            rejected += s.totalRejected();
        }
        double perNodeRumor = rumors == 0 ? 0 : (double) n * rumors;
        return new GossipSimulationReport(settings, live,
                rumors == 0 ? 1 : Arrays.stream(coverage).min().orElse(1), median(coverage), full,
                maxOrMissing(to99), medianOrMissing(to99), Arrays.stream(toLast).max().orElse(0),
                rumors == 0 ? 0 : (int) median(Arrays.stream(toLast).asDoubleStream().toArray()),
                2 * Math.log(n) / Math.log(3),
                perNodeRumor == 0 ? 0 : rumorDatagrams / perNodeRumor,
                perNodeRumor == 0 ? 0 : push / perNodeRumor,
                perNodeRumor == 0 ? 0 : pull / perNodeRumor,
                perNodeRumor == 0 ? 0 : shuffles / perNodeRumor,
                duplicates, extraDeliveries, rejected,
                search.found(), search.results(), search.firstResultRounds(), search.datagrams(),
                scheduler.elapsed().toMillis(), network.totals().sent());
    }

    /** What a node counted while the rumors spread: its counters less those of the settling phase. */
    private static GossipStats minus(GossipStats a, GossipStats b) {
        return new GossipStats(a.published() - b.published(), a.delivered() - b.delivered(),
                a.duplicatesSuppressed() - b.duplicatesSuppressed(), a.pushed() - b.pushed(),
                a.stoppedForwarding() - b.stoppedForwarding(), a.searchesStarted() - b.searchesStarted(),
                a.searchRepliesSent() - b.searchRepliesSent(), a.searchResults() - b.searchResults(),
                a.digestsSent() - b.digestsSent(), a.pullRequestsSent() - b.pullRequestsSent(),
                a.pulledSent() - b.pulledSent(), minus(a.rejected(), b.rejected()), a.seenEvicted() - b.seenEvicted(),
                a.seenExpired() - b.seenExpired(), a.sendFailures() - b.sendFailures(),
                a.listenerFailures() - b.listenerFailures(), a.shufflesSent() - b.shufflesSent());
    }

    private static Map<GossipRejection, Long> minus(Map<GossipRejection, Long> a, Map<GossipRejection, Long> b) {
        Map<GossipRejection, Long> out = new EnumMap<>(GossipRejection.class);
        a.forEach((reason, count) -> {
            long d = count - b.getOrDefault(reason, 0L);
            if (d != 0) {
                out.put(reason, d);
            }
        });
        return out;
    }

    private int pickOther(int not, int n) {
        int other;
        do {
            other = random.nextInt(n);
        } while (other == not);
        return other;
    }

    /** The name of node {@code i}: fixed width, so no name contains another. */
    static String nameOf(int i) {
        return String.format("node-%06d", i);
    }

    /** Lower median; 1 for no values (nothing to miss). */
    private static double median(double[] values) {
        if (values.length == 0) {
            return 1;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }

    private static int maxOrMissing(int[] values) {
        int max = 0;
        for (int v : values) {
            if (v < 0) {
                return -1;
            }
            max = Math.max(max, v);
        }
        return max;
    }

    private static int medianOrMissing(int[] values) {
        if (values.length == 0) {
            return 0;
        }
        int[] s = values.clone();
        // Missing (-1) counts as slower than any round.
        for (int i = 0; i < s.length; i++) {
            s[i] = s[i] < 0 ? Integer.MAX_VALUE : s[i];
        }
        Arrays.sort(s);
        int m = s[(s.length - 1) / 2];
        return m == Integer.MAX_VALUE ? -1 : m;
    }
}
