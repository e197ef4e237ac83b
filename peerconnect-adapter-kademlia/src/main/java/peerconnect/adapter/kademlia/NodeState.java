package peerconnect.adapter.kademlia;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
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
    /** The values this node published and republishes, by key. */
    final Map<PeerId, Publication> published = new LinkedHashMap<>();
    /** Where every change to {@link #values} and {@link #published} is appended as it happens. */
    final Journal journal;
    private final InstantSource clock;

    /**
     * A value this node publishes: republished until {@code untilMillis} ({@link Long#MAX_VALUE}:
     * until deleted), then forgotten.
     */
    record Publication(byte[] value, long untilMillis) {
    }
    private Lifecycle lifecycle = Lifecycle.NEW;

    NodeState(KademliaConfig config, PeerRecord self, InstantSource clock, NodeStateStore store) {
        this.config = config;
        this.self = self;
        this.selfId = self.contact().id();
        this.clock = clock;
        this.table = new RoutingTable(selfId, config.k(), config.replacementCacheSize(),
                AddressLimits.of(config.quotas()));
        this.values = new ValueStore(config.maxStoredValues(), config.quotas().maxValuesPerSource());
        this.journal = new Journal(store, counters);
        this.peerLists = new PeerLists(config.maxPeerListEntries(), config.quotas().maxListEntriesPerSource());
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

    /** The sizes of what the node holds, for the counters. */
    KademliaCounters.Levels levels() {
        synchronized (lock) {
            return new KademliaCounters.Levels(table.size(), values.size(), peerLists.size());
        }
    }
}
