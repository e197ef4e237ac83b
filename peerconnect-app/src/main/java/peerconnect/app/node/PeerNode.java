package peerconnect.app.node;

import peerconnect.app.jmx.DispatcherJmx;
import peerconnect.app.jmx.NodeJmx;
import peerconnect.app.settings.NodeSettings;
import peerconnect.app.store.SavedContacts;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.ProvisionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.adapter.gossip.GossipNode;
import peerconnect.adapter.kademlia.KademliaNode;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.ManagedState;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.StateFailedException;
import peerconnect.domain.StateManager;
import peerconnect.domain.StateStatus;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.Gossip;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.Scheduler;

/**
 * One node's lifecycle: its parts, made by Guice only when their turn comes, started in order by a
 * {@link StateManager} — data directory (and peer id), scheduler, endpoint, dispatcher, Kademlia, gossip,
 * discovery, this peer in the peer lists, JMX — and stopped in reverse by {@link #close()}.
 *
 * <p>Nothing in the start waits for the network: Kademlia pings its saved contacts and discovery
 * searches in the background, so a lone node is ready at once. Every start action completes
 * synchronously, so {@link #start()} returns with the node up (or throws).
 */
public final class PeerNode implements RunningNode {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNode.class);
    /** How long close() waits for a stop step that another thread is running (a start completing late). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final NodeSettings settings;
    private final NodeTuning tuning;
    private final Provider<NodeStateStore> storeProvider;
    private final Provider<PeerId> idProvider;
    private final Provider<Scheduler> schedulerProvider;
    private final Provider<DatagramTransport> transportProvider;
    private final Provider<RequestsDispatcher> dispatcherProvider;
    private final Provider<PeerRecord> selfProvider;
    private final Provider<KademliaNode> kademliaProvider;
    private final Provider<GossipNode> gossipProvider;
    private final Provider<DiscoveryDriver> discoveryProvider;
    private final StateManager states;

    // Set by the start actions, in order; read by status() and the later actions.
    private volatile NodeStateStore store;
    private volatile Scheduler scheduler;
    private volatile DatagramTransport transport;
    private volatile RequestsDispatcher dispatcher;
    private volatile PeerRecord self;
    private volatile KademliaNode kademlia;
    private volatile GossipNode gossip;
    private volatile DiscoveryDriver discovery;
    private volatile EmptyTableRescue rescue;
    private final AtomicBoolean rescueBootstrapping = new AtomicBoolean();
    private volatile SavedContactsSchedule contactSaves;
    /** When the scheduler started, on its clock: the start of the uptime {@code status} shows. */
    private volatile java.time.Instant startedAt = java.time.Instant.EPOCH;
    private final List<AutoCloseable> beans = new ArrayList<>();
    private final Provider<SignatureChecker> signaturesProvider;
    /** Every phase change, "name PHASE", in order: a few dozen entries per node life. */
    private final List<String> history = new CopyOnWriteArrayList<>();

    @Inject
    PeerNode(NodeSettings settings, NodeTuning tuning, Provider<NodeStateStore> store, Provider<PeerId> id,
             Provider<Scheduler> scheduler,
             Provider<DatagramTransport> transport, Provider<RequestsDispatcher> dispatcher, Provider<PeerRecord> self,
             Provider<KademliaNode> kademlia, Provider<GossipNode> gossip, Provider<DiscoveryDriver> discovery,
             Provider<SignatureChecker> signatures) {
        this.signaturesProvider = signatures;
        this.settings = settings;
        this.tuning = tuning;
        this.storeProvider = store;
        this.idProvider = id;
        this.schedulerProvider = scheduler;
        this.transportProvider = transport;
        this.dispatcherProvider = dispatcher;
        this.selfProvider = self;
        this.kademliaProvider = kademlia;
        this.gossipProvider = gossip;
        this.discoveryProvider = discovery;
        this.states = new StateManager(List.of(
                step("data-dir", this::openDataDir, () -> { }),
                step("scheduler", this::startScheduler, this::stopScheduler),
                step("endpoint", this::openEndpoint, () -> this.transport.close()),
                step("dispatcher", this::startDispatcher, () -> this.dispatcher.closeNow()),
                step("kademlia", this::startKademlia, this::stopKademlia),
                step("gossip", () -> this.gossip = gossipProvider.get(), () -> this.gossip.close()),
                step("discovery", this::startDiscovery, this::stopDiscovery),
                step("peer-lists", this::addToPeerLists, () -> { }),
                step("jmx", this::registerBeans, this::unregisterBeans)),
                (from, now) -> {
                    history.add(now.name() + " " + now.phase());
                    LOG.debug("node state {}: {} -> {}", now.name(), from, now.phase());
                });
    }

    /**
     * Starts every part in order.
     *
     * @throws NodeStartException naming the step that failed; the parts already started are stopped
     */
    public void start() {
        CompletableFuture<Void> started = states.start();
        if (!started.isDone()) {
            // Every action completes synchronously; anything else is a bug in this class.
            close();
            throw new IllegalStateException("node start did not complete synchronously");
        }
        try {
            started.join();
        } catch (CompletionException e) {
            close();
            Throwable cause = e.getCause();
            if (cause instanceof StateFailedException failed) {
                throw new NodeStartException(failed.stateName(), rootOf(failed.getCause()));
            }
            throw new NodeStartException("start", cause);
        }
        LOG.info("node started self={} name='{}' data={}", self.contact(), self.name(), settings.dataDir());
    }

    @Override
    public PeerRecord self() {
        return self;
    }

    @Override
    public DistributedHashTable dht() {
        return kademlia;
    }

    @Override
    public Gossip gossip() {
        return gossip;
    }

    /** The discovery driver (for tests and the {@code discover}-style console commands). */
    /** The contacts of the routing table now (the library's peers snapshot and its joined/left events). */
    List<PeerContact> knownPeers() {
        return List.copyOf(kademlia.knownPeers());
    }

    /** The scheduler the node runs on (the library delivers peer events through it in virtual time). */
    Scheduler scheduler() {
        return scheduler;
    }

    DiscoveryDriver discovery() {
        return discovery;
    }

    /** The endpoint this node speaks through. */
    DatagramTransport transport() {
        return transport;
    }

    /** The dispatcher (for tests: pending requests, counters). */
    public RequestsDispatcher dispatcher() {
        return dispatcher;
    }

    /** Every phase change of the lifecycle so far, as "name PHASE" (e.g. "endpoint STOPPED"), in order. */
    List<String> history() {
        return List.copyOf(history);
    }

    /** Each lifecycle step's phase, in start order. */
    List<StateStatus> lifecycle() {
        return states.snapshot();
    }

    @Override
    public StatusReport status() {
        PeerId id = self.contact().id();
        List<NodeAddress> addresses = new ArrayList<>();
        addresses.add(transport.localAddress());
        addresses.addAll(transport.groups());
        Map<Integer, Integer> fill = new TreeMap<>();
        for (PeerContact c : kademlia.knownPeers()) {
            fill.merge(id.commonPrefixLength(c.id()), 1, Integer::sum);
        }
        Duration uptime = Duration.between(startedAt, scheduler.clock().instant());
        return new StatusReport(self, addresses, kademlia.isBootstrapped(), discovery.state().toString(), fill,
                dispatcher.stats(), counters(), uptime);
    }

    /**
     * Every protocol counter but the dispatcher's, by qualified name, collected from the parts that
     * keep them (seal stage, transport, Kademlia, gossip, discovery, signature checks); rejections also under each reason
     * ({@code kademlia.rejected.TRUNCATED}, {@code gossip.rejected.BAD_TEXT}, ...), zeros included, so
     * the keys of {@code status --json} do not come and go.
     */
    private Map<String, Long> counters() {
        return CounterSink.collect(counterSources());
    }

    private List<CounterSource> counterSources() {
        List<CounterSource> sources = new ArrayList<>();
        dispatcher.seal().ifPresent(sources::add);
        sources.add(transport);
        sources.add(kademlia);
        sources.add(gossip);
        sources.add(discovery);
        sources.add(signaturesProvider.get());
        sources.add(rescue);
        return sources;
    }

    /** The dispatcher's counters and round trips, then every other source's, levels and histograms kept apart. */
    @Override
    public void reportMetrics(CounterSink sink) {
        dispatcher.reportCounters(sink);
        for (CounterSource source : counterSources()) {
            source.reportCounters(sink);
        }
    }

    /**
     * Stops in reverse start order (JMX withdrawn, discovery, gossip, Kademlia with its state and the
     * contacts saved, dispatcher with pending replies failed, endpoint, scheduler). Idempotent. Must not
     * be called from one of the node's own scheduler tasks: closing the scheduler waits for them.
     */
    @Override
    public void close() {
        CompletableFuture<Void> stopped = states.stop();
        try {
            stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            LOG.warn("node {} stopped with errors: {}", self == null ? "(not started)" : self.contact(),
                    e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warn("node stop did not finish within {}", STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- steps

    /** A start action that is done when it returns. */
    @FunctionalInterface
    private interface SyncStart {
        void run() throws Exception;
    }

    private static ManagedState step(String name, SyncStart start, ManagedState.StopAction stop) {
        return ManagedState.blocking(name, () -> {
            start.run();
            return CompletableFuture.completedFuture(null);
        }, stop);
    }

    /** The data directory and the peer id kept in it: a bad directory fails here, before any socket. */
    private void openDataDir() {
        store = storeProvider.get();
        idProvider.get();
    }

    private void startScheduler() {
        scheduler = schedulerProvider.get();
        startedAt = scheduler.clock().instant();
    }

    private void stopScheduler() throws Exception {
        if (scheduler instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private void openEndpoint() {
        transport = transportProvider.get();
        self = selfProvider.get();
    }

    private void startDispatcher() {
        dispatcher = dispatcherProvider.get();
        transport.start(dispatcher);
    }

    private void startKademlia() {
        kademlia = kademliaProvider.get();
        // Pings the contacts of the last run in the background; discovery hears the outcome.
        kademlia.start().thenAccept(rejoined -> {
            DiscoveryDriver d = discovery;
            if (rejoined && d != null) {
                d.bootstrapped(true);
            }
        });
        contactSaves = new SavedContactsSchedule(store, scheduler, tuning.contactsSaveEvery(), kademlia::knownPeers);
        contactSaves.start();
    }

    private void stopKademlia() {
        contactSaves.stopAndSave();
        kademlia.stop();
    }

    private void startDiscovery() {
        discovery = discoveryProvider.get();
        List<NodeAddress> saved = SavedContacts.load(store);
        discovery.start(settings.peers(), saved);
        transport.onNetworkChange(discovery::networkChanged);
        if (kademlia.isBootstrapped()) {
            discovery.bootstrapped(true);
        }
        rescue = new EmptyTableRescue(() -> !kademlia.isBootstrapped(), () -> rescueNow(saved), scheduler,
                EmptyTableRescue.Schedule.defaults());
        rescue.start();
    }

    private void stopDiscovery() {
        rescue.stop();
        discovery.stop();
    }

    /**
     * The routing table is empty: announce (with multicast on) and ping the given peers and the newest
     * saved contacts at once, one such bootstrap in flight at a time; discovery hears the outcome.
     */
    private void rescueNow(List<NodeAddress> savedAtStart) {
        if (settings.multicast()) {
            discovery.announceNow();
        }
        Set<NodeAddress> targets = new LinkedHashSet<>(settings.peers());
        targets.addAll(contactSaves.newest(savedAtStart));
        if (targets.isEmpty() || !rescueBootstrapping.compareAndSet(false, true)) {
            return;
        }
        kademlia.bootstrap(List.copyOf(targets)).whenComplete((ok, failure) -> {
            rescueBootstrapping.set(false);
            if (failure == null && ok) {
                discovery.bootstrapped(true);
            }
        });
    }

    private void addToPeerLists() {
        // A node that joins later adds itself when its bootstrap succeeds (the Kademlia adapter does).
        if (kademlia.isBootstrapped()) {
            kademlia.addThisPeerToLists();
        }
    }

    private void registerBeans() {
        PeerId id = self.contact().id();
        beans.add(DispatcherJmx.register(id, dispatcher));
        beans.add(NodeJmx.register(id, this::status));
    }

    private void unregisterBeans() throws Exception {
        for (AutoCloseable bean : beans.reversed()) {
            bean.close();
        }
        beans.clear();
    }

    private static Throwable rootOf(Throwable error) {
        Throwable t = error;
        while ((t instanceof ProvisionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
