package peerconnect.adapter.kademlia;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import peerconnect.domain.Cancellable;
import peerconnect.domain.PeerId;
import peerconnect.domain.Scheduler;

/**
 * The node's housekeeping, one tick every {@link KademliaConfig#maintenanceInterval()}: values and
 * peer-list entries expire; a bucket no lookup touched for {@link KademliaConfig#refreshInterval()}
 * is refreshed by a lookup of a random id in it (paper, section 2.3); this node's own values are
 * stored again every {@link KademliaConfig#republishInterval()} (section 2.5), its record in its peer
 * list every {@link KademliaConfig#peerListInterval()}; the state is saved every
 * {@link KademliaConfig#snapshotInterval()}. Keeps when each was last done; the work itself is the
 * façade's ({@link Chores}).
 *
 * <p>A join costs little and its follow-up is spread over time. The paper refreshes every bucket
 * farther than the closest neighbour right after the own-id lookup; on a LAN where every node starts
 * at once that is about nine lookups per node, most of them filling buckets the own-id lookup and the
 * peers that hear from the newcomer fill anyway. So a join only marks the buckets still empty after
 * its own-id lookup ({@link #joined()}), and each tick refreshes at most one of them, and only if it is
 * still empty then; the first registration in the peer list waits for the first tick too.
 */
final class Maintenance {

    /** The work a tick starts, done by the façade. */
    interface Chores {
        /** Starts a FIND_NODE lookup of {@code target}; called under the node's lock. */
        void lookUp(PeerId target);

        /** Stores {@code value} at the peers closest to {@code key} again. */
        void republish(PeerId key, byte[] value);

        /** Stores this node's record in its peer list. */
        void registerInPeerList();

        /** Saves the state (blocking I/O). */
        void save();
    }

    private final NodeState state;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Chores chores;
    // All guarded by the node's lock.
    private final long[] lastBucketLookup = new long[RoutingTable.BUCKETS];
    // Buckets that were empty after the join's own-id lookup, farthest first: refreshed one per tick.
    private final ArrayDeque<Integer> emptyAfterJoin = new ArrayDeque<>();
    private long lastRepublish;
    private long lastListAdd = Long.MIN_VALUE;
    private long lastSnapshot;
    private Cancellable tick = () -> { };

    /** @param random draws refresh targets; used under the node's lock, so need not be thread-safe */
    Maintenance(NodeState state, Scheduler scheduler, RandomGenerator random, Chores chores) {
        this.state = state;
        this.scheduler = scheduler;
        this.random = random;
        this.chores = chores;
    }

    /** The node starts: nothing is due for a whole period. Under the lock. */
    void started() {
        long now = state.now();
        Arrays.fill(lastBucketLookup, now);
        lastRepublish = now;
        lastSnapshot = now;
    }

    /** Schedules the next tick if the node runs. Under the lock. */
    void scheduleTick() {
        if (state.running()) {
            tick = scheduler.schedule(state.config.maintenanceInterval(), this::tick);
        }
    }

    /** Cancels the next tick. Under the lock. */
    void cancel() {
        tick.cancel();
    }

    /** A lookup of {@code target} starts: its bucket counts as refreshed. Under the lock. */
    void lookupStarted(PeerId target) {
        int prefix = state.selfId.commonPrefixLength(target);
        if (prefix < RoutingTable.BUCKETS) {
            lastBucketLookup[prefix] = state.now();
        }
    }

    /**
     * The own-id lookup of a join is done: the buckets farther than the closest neighbour that are
     * still empty are refreshed later, one per tick. Under the lock.
     */
    void joined() {
        emptyAfterJoin.clear();
        int closest = state.table.closestNonEmptyBucket();
        for (int i = 0; i < closest; i++) {
            if (bucketEmpty(i)) {
                emptyAfterJoin.add(i);
            }
        }
    }

    private boolean bucketEmpty(int index) {
        KBucket b = state.table.bucket(index);
        return b == null || b.size() == 0;
    }

    /** Buckets the join left for later refresh, farthest first (for tests). Under the lock. */
    List<Integer> pendingJoinRefreshes() {
        return List.copyOf(emptyAfterJoin);
    }

    /** This node's record was just stored in its peer list. Under the lock. */
    void registeredInPeerList() {
        lastListAdd = state.now();
    }

    /** The state was just saved. Under the lock. */
    void saved() {
        lastSnapshot = state.now();
    }

    /** A random id in bucket {@code index}, to refresh it. Under the lock. */
    PeerId refreshTarget(int index) {
        return RoutingTable.randomIdInBucket(state.selfId, index, random);
    }

    /** Starts the refresh of the first bucket the join left empty that is still empty. Under the lock. */
    private void refreshOneEmptyBucket() {
        while (!emptyAfterJoin.isEmpty()) {
            int i = emptyAfterJoin.poll();
            if (bucketEmpty(i)) {
                chores.lookUp(refreshTarget(i));
                return;
            }
        }
    }

    private void tick() {
        boolean save;
        boolean register;
        List<Map.Entry<PeerId, byte[]>> republish = List.of();
        synchronized (state.lock) {
            if (!state.running()) {
                return;
            }
            long now = state.now();
            state.values.purgeExpired(now);
            state.peerLists.purgeExpired(now);
            refreshOneEmptyBucket();
            int closest = state.table.closestNonEmptyBucket();
            long refreshMillis = state.config.refreshInterval().toMillis();
            for (int i = 0; i <= closest; i++) {
                if (now - lastBucketLookup[i] >= refreshMillis) {
                    chores.lookUp(refreshTarget(i));
                }
            }
            if (now - lastRepublish >= state.config.republishInterval().toMillis()) {
                lastRepublish = now;
                republish = new ArrayList<>(state.published.entrySet());
            }
            register = !state.table.isEmpty() && (lastListAdd == Long.MIN_VALUE
                    || now - lastListAdd >= state.config.peerListInterval().toMillis());
            save = now - lastSnapshot >= state.config.snapshotInterval().toMillis();
            scheduleTick();
        }
        // Outside the lock: these start lookups and sends, and saving writes a file.
        for (Map.Entry<PeerId, byte[]> e : republish) {
            chores.republish(e.getKey(), e.getValue());
        }
        if (register) {
            chores.registerInPeerList();
        }
        if (save) {
            chores.save();
        }
    }
}
