package peerconnect.adapter.kademlia;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.NodeStateStore;
import peerconnect.ports.PeerRecord;

/**
 * What one node holds, shared by its parts (façade, protocol, contact keeper, maintenance, state
 * file): the routing table, the values and peer lists held for others, the values it publishes, and
 * where it is in its life.
 *
 * <p><b>Threads.</b> Everything mutable here is guarded by {@link #lock}, which is held only for
 * in-memory work, never across an I/O wait (sends do not block; saving encodes under the lock and
 * writes outside it). In simulations everything runs on the one scheduler thread, so the lock is never
 * contended and a seeded run is reproducible.
 */
final class NodeState {
    /** Where a node is in its life: started once, stopped once. */
    enum Lifecycle { NEW, RUNNING, STOPPED }

    final Object lock = new Object();
    final KademliaConfig config;
    final PeerRecord self;
    final PeerId selfId;
    final KademliaCounters counters = new KademliaCounters();
    final RoutingTable table;
    final ValueStore values;
    final PeerLists peerLists;
    /** This node's signed record and the verified records of others, for the peer lists. */
    final RecordKeeper records;
    /** The values this node published and republishes, by key. */
    final Map<PeerId, Publication> published = new LinkedHashMap<>();
    /** Where every change to {@link #values} and {@link #published} is appended as it happens. */
    final Journal journal;
    /** How contacts move between good, questionable and bad, and when one may leave. */
    final LivenessRules.Policy liveness;
    /** Told of every eviction, under the lock; must not block. */
    final List<Consumer<PeerContact>> evictionListeners = new CopyOnWriteArrayList<>();
    private final InstantSource clock;

    /**
     * A value this node publishes: republished until {@code untilMillis} ({@link Long#MAX_VALUE}:
     * until deleted), then forgotten.
     */
    record Publication(byte[] value, long untilMillis) {
    }
    private Lifecycle lifecycle = Lifecycle.NEW;

    NodeState(KademliaConfig config, PeerRecord self, InstantSource clock, NodeStateStore store,
              RecordKeeper records) {
        this.records = records;
        this.config = config;
        this.self = self;
        this.selfId = self.contact().id();
        this.clock = clock;
        this.liveness = LivenessRules.Policy.of(config.liveness());
        this.table = new RoutingTable(selfId, config.k(), config.replacementCacheSize(),
                AddressLimits.of(config.quotas()));
        this.values = new ValueStore(config.maxStoredValues(), config.quotas().maxValuesPerSource());
        this.journal = new Journal(store, counters);
        this.peerLists = new PeerLists(config.maxPeerListEntries(), config.quotas().maxListEntriesPerSource());
    }

    /**
     * The live value this node holds for {@code key}, or else its own live publication of it: a put
     * cut short by a kill reached no peer, and the restart republishes it only later in the first
     * interval, yet its publisher knows the value. Under the lock.
     */
    Optional<byte[]> localValue(PeerId key) {
        long now = now();
        Optional<byte[]> held = values.get(key, now);
        if (held.isPresent()) {
            return held;
        }
        Publication own = published.get(key);
        return own != null && own.untilMillis() > now ? Optional.of(own.value().clone()) : Optional.empty();
    }

    /** Milliseconds of the node's clock (virtual in simulations). */
    long now() {
        return clock.millis();
    }

    /** Nanoseconds of the node's clock, for measuring how long something took on it. */
    long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Under the lock. */
    Lifecycle lifecycle() {
        return lifecycle;
    }

    /** Under the lock. */
    boolean running() {
        return lifecycle == Lifecycle.RUNNING;
    }

    /** Under the lock. */
    void moveTo(Lifecycle next) {
        lifecycle = next;
    }

    /** The keys of the live values this node holds, with their sources (empty: its own copy), for tests. */
    Map<PeerId, java.util.Optional<java.net.InetAddress>> heldKeys() {
        synchronized (lock) {
            Map<PeerId, java.util.Optional<java.net.InetAddress>> out = new java.util.HashMap<>();
            for (Map.Entry<PeerId, ValueStore.Stored> e : values.entries(now())) {
                out.put(e.getKey(), e.getValue().source());
            }
            return out;
        }
    }

    /** Adds a listener of evictions; the result removes it. */
    peerconnect.domain.Cancellable watchEvictions(Consumer<PeerContact> listener) {
        evictionListeners.add(listener);
        return () -> evictionListeners.remove(listener);
    }

    /** The sizes of what the node holds, for the counters. */
    KademliaCounters.Levels levels() {
        synchronized (lock) {
            return new KademliaCounters.Levels(table.size(), values.size(), peerLists.size());
        }
    }
}
