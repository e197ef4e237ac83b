package peerconnect.adapter.kademlia;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import peerconnect.domain.Cancellable;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.Scheduler;

/**
 * The node's housekeeping, one tick every {@link KademliaConfig#maintenanceInterval()}: values and
 * peer-list entries expire; a bucket no lookup touched for {@link KademliaConfig#refreshInterval()}
 * is refreshed by a lookup of a random id in it (paper, section 2.3); this node's own values are
 * stored again every {@link KademliaConfig#republishInterval()} (section 2.5), each one interval after
 * it was last stored, at most {@link #REPUBLISHES_PER_SECOND} a second and spread evenly over the
 * tick ({@link RepublishSchedule}); a published value whose time is up is forgotten; its record in its
 * peer list every {@link KademliaConfig#peerListInterval()}; the state is saved every
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

    /**
     * Republishes a second at most: 10, so that a node's 4,096 values (the most a default store holds)
     * take under 7 minutes of a 20-minute interval, while one republish (a lookup and k STOREs, about
     * 30 small datagrams) per 100 ms is background traffic on any LAN.
     */
    static final int REPUBLISHES_PER_SECOND = 10;

    /** The work a tick starts, done by the façade. */
    interface Chores {
        /**
         * Starts a FIND_NODE lookup of {@code target} that ends once its {@code width} closest
         * candidates answered; called under the node's lock.
         */
        void lookUp(PeerId target, int width);

        /**
         * Starts a FIND_NODE lookup of {@code target}, an id in bucket {@code bucket}, that ends at
         * the first answer from a peer in that bucket; called under the node's lock.
         */
        void fillBucket(PeerId target, int bucket);

        /** Stores a published value at the peers closest to {@code key} again. */
        void republish(PeerId key, NodeState.Publication publication);

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
    private final RepublishSchedule republishing;
    // Buckets that were empty after the join's own-id lookup, farthest first: refreshed one per tick.
    private final ArrayDeque<Integer> emptyAfterJoin = new ArrayDeque<>();
    private long lastListAdd = Long.MIN_VALUE;
    private long lastSnapshot;
    private Cancellable tick = () -> { };

    /** @param random draws refresh targets; used under the node's lock, so need not be thread-safe */
    Maintenance(NodeState state, Scheduler scheduler, RandomGenerator random, Chores chores) {
        this.state = state;
        this.scheduler = scheduler;
        this.random = random;
        this.chores = chores;
        this.republishing = new RepublishSchedule(state.config.republishInterval().toMillis());
    }

    /** {@code key} was just stored at the closest peers by a put. Under the lock. */
    void stored(PeerId key) {
        republishing.stored(key, state.now());
    }

    /** {@code key} was published before a restart: due at a random point of the first interval. Under the lock. */
    void loaded(PeerId key) {
        republishing.loaded(key, state.now(), random);
    }

    /** {@code key} is no longer published. Under the lock. */
    void unpublished(PeerId key) {
        republishing.forget(key);
    }

    /** The node starts: nothing is due for a whole period. Under the lock. */
    void started() {
        long now = state.now();
        Arrays.fill(lastBucketLookup, now);
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
     * The own-id lookup of a join is done, ending with {@code closest} (the up to k closest peers that
     * answered): the buckets that may still hide peers and are empty are refreshed later, one per
     * tick. Under the lock.
     */
    void joined(List<PeerContact> closest) {
        emptyAfterJoin.clear();
        int last = JoinRefresh.lastUnprovenBucket(state.selfId, closest, state.config.k(),
                state.table.closestNonEmptyBucket());
        for (int i = 0; i <= last; i++) {
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

    private void republishNow(PeerId key) {
        NodeState.Publication p;
        synchronized (state.lock) {
            p = state.running() ? state.published.get(key) : null;
        }
        if (p != null) {
            chores.republish(key, p);
        }
    }

    /** Forgets the published values whose time is up; under the lock. */
    private void expirePublications(long now) {
        for (var it = state.published.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<PeerId, NodeState.Publication> e = it.next();
            if (e.getValue().untilMillis() <= now) {
                it.remove();
                republishing.forget(e.getKey());
                state.journal.append(new ValueLog.Unpublished(e.getKey()));
            }
        }
    }

    /** Starts the refresh of the first bucket the join left empty that is still empty. Under the lock. */
    private void refreshOneEmptyBucket() {
        while (!emptyAfterJoin.isEmpty()) {
            int i = emptyAfterJoin.poll();
            if (bucketEmpty(i)) {
                // One answering peer of that far bucket is all it needs (the incoming requests fill the
                // rest over time); the k closest to a random id there, as the hourly refresh finds,
                // cost about 20 RPCs.
                chores.fillBucket(refreshTarget(i), i);
                return;
            }
        }
    }

    private void tick() {
        boolean save;
        boolean register;
        List<PeerId> republish;
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
                    chores.lookUp(refreshTarget(i), state.config.k());
                }
            }
            expirePublications(now);
            long tickMillis = state.config.maintenanceInterval().toMillis();
            int budget = (int) Math.min(Integer.MAX_VALUE, Math.max(1, REPUBLISHES_PER_SECOND * tickMillis / 1000));
            republish = republishing.takeDue(now, budget);
            register = !state.table.isEmpty() && (lastListAdd == Long.MIN_VALUE
                    || now - lastListAdd >= state.config.peerListInterval().toMillis());
            save = now - lastSnapshot >= state.config.snapshotInterval().toMillis();
            scheduleTick();
        }
        // Outside the lock: these start lookups and sends, and saving writes a file.
        // Spread evenly over the tick, so no second carries more than its share.
        long spacingMillis = republish.isEmpty() ? 0 : state.config.maintenanceInterval().toMillis() / republish.size();
        for (int i = 0; i < republish.size(); i++) {
            PeerId key = republish.get(i);
            if (i == 0) {
                republishNow(key);
            } else {
                scheduler.schedule(Duration.ofMillis(spacingMillis * i), () -> republishNow(key));
            }
        }
        if (register) {
            chores.registerInPeerList();
        }
        if (save) {
            chores.save();
        }
    }
}
