package peerconnect.testkit.ports;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import peerconnect.domain.DispatcherConfig;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerId;
import peerconnect.domain.RateLimiter;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.EnvelopeCodec;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.memory.InMemoryEndpoint;
import peerconnect.ports.memory.InMemoryNetwork;
import peerconnect.ports.memory.NetworkConditions;
import peerconnect.ports.memory.VirtualTimeScheduler;
import peerconnect.domain.DispatcherBuilder;

/**
 * N dispatchers on one {@link InMemoryNetwork}, in virtual time, from one seed: the fixture every
 * module's tests build their nodes on (Kademlia nodes, gossip nodes, bare echo servers).
 *
 * <p>The seed drives the network (loss, latency, duplication) and, through a generator of its own,
 * the ids and the dispatchers' message ids, so the same seed gives the same run. Everything runs on
 * the one {@link #scheduler()} and nothing moves until the test runs it ({@link #await},
 * {@link #runFor}, {@link #runUntilIdle}). Not thread-safe: drive it from the test thread.
 */
public final class VirtualNetwork {
    /** Most scheduler tasks {@link #await} runs before it calls a future lost: far above any test's need. */
    public static final long AWAIT_TASK_BUDGET = 10_000_000;

    private final long seed;
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler();
    private final InMemoryNetwork network;
    private final SplittableRandom random;
    private final List<Node> nodes = new ArrayList<>();

    private VirtualNetwork(long seed, NetworkConditions conditions) {
        this.seed = seed;
        this.network = new InMemoryNetwork(seed, scheduler, conditions);
        // The nodes' own generator, apart from the network's, so adding a node never shifts the network's draws.
        this.random = new SplittableRandom(seed);
    }

    /** A lossless network with no latency. */
    public static VirtualNetwork create(long seed) {
        return create(seed, NetworkConditions.perfect());
    }

    /** A network under {@code conditions}. */
    public static VirtualNetwork create(long seed, NetworkConditions conditions) {
        return new VirtualNetwork(seed, Objects.requireNonNull(conditions, "conditions"));
    }

    /** One node of the network: its id, the transport its dispatcher sends and receives through, and the dispatcher. */
    public record Node(PeerId id, DatagramTransport transport, RequestsDispatcher dispatcher) {
        /** Where the other nodes reach this one. */
        public NodeAddress address() {
            return transport.localAddress();
        }

        /** Stops the node at once, as a crash would: queued events are dropped, the endpoint closes. */
        public void crash() {
            dispatcher.closeNow();
            transport.close();
        }
    }

    /**
     * How the next node is made. Defaults: a fresh random id, the network's next endpoint, the default
     * dispatcher config with one worker (a single-threaded scheduler has one anyway), the default codec,
     * no rate limits (then the dispatcher is the one simulations build, with no limiter clock).
     */
    public final class NodeBuilder {
        private PeerId id;
        private InMemoryEndpoint endpoint;
        private Function<? super InMemoryEndpoint, ? extends DatagramTransport> wrap = e -> e;
        private DispatcherConfig config = DispatcherConfig.defaults().withMaxWorkers(1);
        private Function<? super DatagramTransport, EnvelopeCodec> codec = t -> EnvelopeCodec.create();
        private Optional<RateLimiter> limiter = Optional.empty();
        private LongSupplier nanoClock = VirtualNetwork.this::nanoTime;

        private NodeBuilder() {
        }

        /** The node's id instead of a random one. */
        public NodeBuilder id(PeerId id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** An endpoint the test opened itself (at a chosen address, or before the ids were drawn). */
        public NodeBuilder endpoint(InMemoryEndpoint endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** A transport wrapped around the endpoint (a sealing one, a recording one). */
        public NodeBuilder transport(Function<? super InMemoryEndpoint, ? extends DatagramTransport> wrap) {
            this.wrap = Objects.requireNonNull(wrap, "wrap");
            return this;
        }

        /** The dispatcher's config. */
        public NodeBuilder config(DispatcherConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The dispatcher's codec, chosen once the transport is known (a sealed one leaves less room). */
        public NodeBuilder codec(Function<? super DatagramTransport, EnvelopeCodec> codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** Rate limits on what the dispatcher receives, on the network's virtual clock. */
        public NodeBuilder limiter(RateLimiter limiter) {
            this.limiter = Optional.of(limiter);
            return this;
        }

        /** Rate limits on the limiter clock {@code nanoClock} (one that stands still: buckets never refill). */
        public NodeBuilder limiter(RateLimiter limiter, LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return limiter(limiter);
        }

        /**
         * Makes the node and starts its transport. Handlers may still be registered afterwards: nothing
         * arrives before the test runs the scheduler.
         */
        public Node start() {
            PeerId nodeId = id != null ? id : PeerId.random(random);
            DatagramTransport transport = wrap.apply(endpoint != null ? endpoint : network.endpoint());
            EnvelopeCodec wireCodec = codec.apply(transport);
            DispatcherBuilder builder = RequestsDispatcher.builder(nodeId).config(config).codec(wireCodec)
                    .transport(transport).scheduler(scheduler).random(random.split());
            limiter.ifPresent(l -> builder.rateLimiter(l).nanoClock(nanoClock));
            RequestsDispatcher dispatcher = builder.build();
            transport.start(dispatcher);
            Node node = new Node(nodeId, transport, dispatcher);
            nodes.add(node);
            return node;
        }
    }

    /** Starts describing a node; {@link NodeBuilder#start()} makes it. */
    public NodeBuilder newNode() {
        return new NodeBuilder();
    }

    /** A node with every default: a random id on the network's next endpoint. */
    public Node node() {
        return newNode().start();
    }

    /** {@code n} nodes with every default. */
    public List<Node> nodes(int n) {
        List<Node> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(node());
        }
        return made;
    }

    /** Every node made so far, in order. */
    public List<Node> all() {
        return Collections.unmodifiableList(nodes);
    }

    /** The network's next endpoint, not started (for a test that wires it itself). */
    public InMemoryEndpoint endpoint() {
        return network.endpoint();
    }

    /**
     * Runs the scheduler until {@code future} completes and returns its value (or throws its failure,
     * as {@link CompletableFuture#join} does).
     *
     * @throws AssertionError if the scheduler runs dry or runs {@link #AWAIT_TASK_BUDGET} tasks first
     */
    public <T> T await(CompletableFuture<T> future) {
        long budget = AWAIT_TASK_BUDGET;
        while (!future.isDone()) {
            if (budget-- == 0 || !scheduler.runNext()) {
                throw new AssertionError("future never completed (seed " + seed + "); " + scheduler);
            }
        }
        return future.join();
    }

    /** Runs {@code duration} of virtual time. */
    public void runFor(Duration duration) {
        scheduler.runFor(duration);
    }

    /** Runs until nothing is left to run. */
    public void runUntilIdle() {
        scheduler.runUntilIdle();
    }

    /** The seed the network and the nodes were made from, for a failure message. */
    public long seed() {
        return seed;
    }

    /** The virtual-time scheduler every node runs on. */
    public VirtualTimeScheduler scheduler() {
        return scheduler;
    }

    /** The network itself: conditions, partitions, traffic counters. */
    public InMemoryNetwork network() {
        return network;
    }

    /** The nodes' generator, for a test that draws more from the same seed (split it for each use). */
    public SplittableRandom random() {
        return random;
    }

    private long nanoTime() {
        return scheduler.elapsed().toNanos();
    }

    @Override
    public String toString() {
        return "VirtualNetwork[seed=" + seed + ", nodes=" + nodes.size() + ", " + network + "]";
    }
}
