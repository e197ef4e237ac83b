package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.CounterSink;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.domain.Scheduler;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;
import peerconnect.domain.NodeKey;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.NodeRecordBook;
import peerconnect.domain.SignatureChecker;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;

/**
 * The node as its users see it, as bmuller/kademlia's {@code Server}: start and stop, bootstrap, and
 * the iterative lookups (paper, section 2.3) behind lookup, get, put and the peer-list searches. The
 * RPCs are the {@link KademliaProtocol}'s (the routing-table upkeep its {@link ContactKeeper}'s), the
 * lookups the {@link Lookups}', the stores the {@link Publisher}'s, the housekeeping the
 * {@link Maintenance}'s, the saved state the {@link StateFile}'s; what they share is the
 * {@link NodeState}, under its one lock.
 */
final class KademliaServer implements KademliaNode {
    private static final Logger LOG = LoggerFactory.getLogger(KademliaServer.class);

    private final NodeState state;
    private final KademliaConfig config;
    private final PeerRecord self;
    private final RequestsDispatcher dispatcher;
    private final KademliaProtocol protocol;
    private final Maintenance maintenance;
    private final Lookups lookups;
    private final Publisher publisher;
    private final StateFile stateFile;
    private final Scheduler scheduler;
    private final PeerListSearch peerListSearch;

    KademliaServer(KademliaConfig config, PeerRecord self, RequestsDispatcher dispatcher, Scheduler scheduler,
                   RandomGenerator random, NodeStateStore store, Optional<NodeKey> key, SignatureChecker checker) {
        if (!dispatcher.localId().equals(self.contact().id())) {
            throw new IllegalArgumentException("the dispatcher writes id " + dispatcher.localId()
                    + " but the node is " + self.contact().id());
        }
        // Records are checked on the scheduler's executor, off the receiving thread (the Kademlia
        // handler takes the dispatcher's non-blocking fast path); 4,096 records: far more than a LAN's
        // peer lists hold, about a megabyte at most.
        RecordKeeper records = new RecordKeeper(key, self, new NodeRecordBook(4_096, checker), scheduler::execute,
                scheduler.clock());
        this.state = new NodeState(config, self, scheduler.clock(), store, records);
        this.scheduler = scheduler;
        this.config = config;
        this.self = self;
        this.dispatcher = dispatcher;
        this.protocol = new KademliaProtocol(state, dispatcher, scheduler);
        this.maintenance = new Maintenance(state, scheduler, random, new Housekeeping());
        this.lookups = new Lookups(state, protocol, maintenance);
        this.publisher = new Publisher(state, protocol, lookups, maintenance);
        this.stateFile = new StateFile(state, store);
        this.peerListSearch = new PeerListSearch(state, self, protocol, lookups, scheduler);
    }

    @Override
    public Optional<NodeRecord> ownRecord() {
        return state.records.own();
    }

    /** The RPCs, for tests that speak to them directly. */
    KademliaProtocol protocol() {
        return protocol;
    }

    /** The keys this node publishes, for tests. */
    java.util.Set<PeerId> publishedKeys() {
        synchronized (state.lock) {
            return java.util.Set.copyOf(state.published.keySet());
        }
    }

    /** The keys of the live values this node holds, with their sources (empty: its own copy), for tests. */
    Map<PeerId, Optional<java.net.InetAddress>> heldKeys() {
        return state.heldKeys();
    }

    /** The buckets the join left empty and will refresh later, for tests. */
    List<Integer> pendingJoinRefreshes() {
        synchronized (state.lock) {
            return maintenance.pendingJoinRefreshes();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public PeerRecord self() {
        return self;
    }

    @Override
    public CompletableFuture<Boolean> start() {
        synchronized (state.lock) {
            if (state.lifecycle() != NodeState.Lifecycle.NEW) {
                throw new IllegalStateException("node " + self + " was already started");
            }
            state.moveTo(NodeState.Lifecycle.RUNNING);
            maintenance.started();
        }
        Optional<Snapshot> saved = stateFile.load();
        synchronized (state.lock) {
            for (PeerId key : state.published.keySet()) {
                maintenance.loaded(key);
            }
        }
        // Compacts what was loaded into one snapshot and opens the log the node appends to from now on.
        stateFile.save();
        // The handler takes the node's lock briefly and sends without waiting: it never blocks.
        dispatcher.register(RootCode.KADEMLIA, RequestHandler.nonBlocking(protocol::handle));
        synchronized (state.lock) {
            maintenance.scheduleTick();
        }
        if (saved.isEmpty() || saved.get().contacts().isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        // Saved contacts enter the table only once they answer a ping: the file may be old.
        List<CompletableFuture<Boolean>> pings = new ArrayList<>();
        for (PeerContact c : saved.get().contacts()) {
            pings.add(protocol.ping(c).handle((ok, failure) -> failure == null));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenApply(x -> {
            boolean joined = isBootstrapped();
            LOG.info("node={} rejoined from saved state: {} of {} contacts answered", self.contact(),
                    pings.stream().filter(f -> f.join()).count(), pings.size());
            if (joined) {
                lookupSelf();
            }
            return joined;
        });
    }

    @Override
    public void stop() {
        synchronized (state.lock) {
            boolean wasRunning = state.running();
            state.moveTo(NodeState.Lifecycle.STOPPED);
            if (!wasRunning) {
                return;
            }
            maintenance.cancel();
        }
        dispatcher.unregister(RootCode.KADEMLIA);
        saveState();
    }

    @Override
    public void saveState() {
        stateFile.save();
        synchronized (state.lock) {
            maintenance.saved();
        }
    }

    // ---------------------------------------------------------------- lookups

    /**
     * Looks up our own id, which fills the buckets near this node and tells our neighbours about us;
     * the buckets still empty after it are refreshed later, one per maintenance tick
     * ({@link Maintenance#joined()}), and the first registration in the peer list waits for the first
     * tick: a join then costs about one lookup instead of ten.
     */
    private CompletableFuture<Boolean> lookupSelf() {
        return lookups.findNode(state.selfId).thenApply(own -> {
            synchronized (state.lock) {
                maintenance.joined(own.closest());
            }
            return isBootstrapped();
        });
    }

    @Override
    public CompletableFuture<LookupTrace> traceLookup(PeerId target) {
        return lookups.findNode(target).thenApply(LookupResult::trace);
    }

    // ---------------------------------------------------------------- façade

    @Override
    public CompletableFuture<Boolean> bootstrap(Collection<NodeAddress> addresses) {
        List<CompletableFuture<Optional<PeerContact>>> pings = new ArrayList<>();
        for (NodeAddress a : addresses) {
            pings.add(protocol.pingAddress(a));
        }
        return CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new)).thenCompose(x -> {
            if (!isBootstrapped()) {
                LOG.info("node={} could not bootstrap: none of {} addresses answered", self.contact(), addresses.size());
                return CompletableFuture.completedFuture(false);
            }
            return lookupSelf().thenApply(joined -> {
                LOG.debug("node={} bootstrapped, {} contacts", self.contact(), state.levels().routingTableSize());
                return joined;
            });
        });
    }

    @Override
    public void admitProven(PeerContact contact) {
        protocol.proven(contact, false);
    }

    @Override
    public void followProven(PeerContact contact) {
        protocol.proven(contact, true);
    }

    @Override
    public boolean isBootstrapped() {
        synchronized (state.lock) {
            return !state.table.isEmpty();
        }
    }

    @Override
    public List<PeerContact> knownPeers() {
        synchronized (state.lock) {
            return state.table.contacts();
        }
    }

    @Override
    public List<peerconnect.ports.ContactStatus> contactStatus() {
        return protocol.contactStatus();
    }

    @Override
    public peerconnect.domain.Cancellable onEviction(java.util.function.Consumer<PeerContact> listener) {
        return state.watchEvictions(listener);
    }

    @Override
    public CompletableFuture<Optional<PeerContact>> lookup(PeerId id) {
        return lookups.findNode(id).thenApply(r -> r.closest().stream().filter(c -> c.id().equals(id)).findFirst());
    }

    @Override
    public CompletableFuture<List<PeerContact>> closestPeers(PeerId id, int n) {
        return lookups.findNode(id).thenApply(r -> List.copyOf(r.closest().subList(0, Math.min(n, r.closest().size()))));
    }

    @Override
    public List<PeerContact> closestKnownPeers(PeerId id, int n) {
        synchronized (state.lock) {
            List<PeerContact> out = new ArrayList<>();
            for (KBucket.Entry e : state.table.closestSorted(id, n)) {
                out.add(e.contact);
            }
            return out;
        }
    }

    @Override
    public CompletableFuture<Integer> put(PeerId key, byte[] value) {
        return publish(PutRequest.of(key, value)).thenApply(PutOutcome::stored);
    }

    /**
     * Records the value and that this node publishes it in the journal, forced to disk, before any
     * peer is asked: a put that completes survives a kill and a power cut.
     */
    @Override
    public CompletableFuture<PutOutcome> publish(PutRequest request) {
        byte[] value = request.value();
        if (value.length > config.maxValueBytes()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a value is at most "
                    + config.maxValueBytes() + " bytes, got " + value.length));
        }
        PeerId key = request.key();
        long ttlMillis;
        synchronized (state.lock) {
            long now = state.now();
            long until = request.untilDeleted() ? Long.MAX_VALUE : now + request.lifetime().toMillis();
            ttlMillis = ttlUntil(until, now);
            state.published.put(key, new NodeState.Publication(value, until));
            state.journal.append(new ValueLog.Published(key, until, value));
            maintenance.stored(key);
        }
        state.journal.sync();
        return publisher.storeAtClosest(key, value, ttlMillis);
    }

    @Override
    public CompletableFuture<PutOutcome> delete(PeerId key) {
        synchronized (state.lock) {
            if (state.published.remove(key) != null) {
                state.journal.append(new ValueLog.Unpublished(key));
            }
            maintenance.unpublished(key);
            // A copy held for another source stays: that source may still publish it.
            if (state.values.removeOwn(key)) {
                state.journal.append(new ValueLog.Dropped(key));
            }
        }
        state.journal.sync();
        return publisher.storeAtClosest(key, new byte[0], 0);
    }

    /** How long a STORE made now asks peers to keep a value published until {@code untilMillis}. */
    private long ttlUntil(long untilMillis, long nowMillis) {
        long ttl = config.valueTtl().toMillis();
        return untilMillis == Long.MAX_VALUE ? ttl : Math.max(1000, Math.min(ttl, untilMillis - nowMillis));
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(PeerId key) {
        synchronized (state.lock) {
            Optional<byte[]> local = state.localValue(key);
            if (local.isPresent()) {
                return CompletableFuture.completedFuture(local);
            }
        }
        return lookups.iterate(key, peer -> protocol.findValue(peer, key)).thenApply(r -> r.found()
                .filter(KademliaCodec.Value.class::isInstance).map(v -> ((KademliaCodec.Value) v).value()));
    }

    @Override
    public CompletableFuture<List<PeerRecord>> searchPeers(String query) {
        return peerListSearch.search(query == null ? "" : query);
    }

    @Override
    public CompletableFuture<List<PeerRecord>> findPeerList(PeerId listKey) {
        return peerListSearch.find(listKey);
    }

    @Override
    public CompletableFuture<Integer> addThisPeerToLists() {
        return publisher.registerInPeerList();
    }

    // ---------------------------------------------------------------- counters

    @Override
    public void reportCounters(CounterSink sink) {
        state.counters.report(state.levels(), sink);
        state.records.reportCounters(sink);
    }

    @Override
    public KademliaStats stats() {
        return state.counters.stats(state.levels());
    }

    /** What a maintenance tick starts. */
    private final class Housekeeping implements Maintenance.Chores {
        @Override
        public void lookUp(PeerId target, int width) {
            lookups.findNode(target, width);
        }

        @Override
        public void fillBucket(PeerId target, int bucket) {
            lookups.fillBucket(target, bucket);
        }

        @Override
        public void republish(PeerId key, NodeState.Publication publication) {
            long ttlMillis;
            synchronized (state.lock) {
                ttlMillis = ttlUntil(publication.untilMillis(), state.now());
            }
            publisher.republish(key, publication.value(), ttlMillis);
        }

        @Override
        public void registerInPeerList() {
            publisher.registerInPeerList();
        }

        @Override
        public void save() {
            saveState();
        }
    }

    @Override
    public String toString() {
        return "KademliaNode[" + self + "]";
    }
}
