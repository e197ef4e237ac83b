package peerconnect.adapter.kademlia;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Starts the node's iterative lookups (paper, section 2.3): each a {@link Lookup} seeded with the k
 * closest contacts of the table, counted, timed on the node's clock, and marking its target's bucket
 * as refreshed.
 */
final class Lookups {
    /**
     * Calls in flight, as a multiple of k, up to which a lookup's wide last round may add its queries:
     * 2, so one lookup's last round (at most k) fits beside a few alpha-wide ones, while a node already
     * busy with many lookups, as under a burst of requests that each start one, sends no burst of its
     * own on top.
     */
    static final int WIDE_ROUND_CALLS_FACTOR = 2;

    private final NodeState state;
    private final KademliaProtocol protocol;
    private final Maintenance maintenance;

    Lookups(NodeState state, KademliaProtocol protocol, Maintenance maintenance) {
        this.state = state;
        this.protocol = protocol;
        this.maintenance = maintenance;
    }

    /** Starts a lookup towards {@code target}, asking each peer with {@code query}. */
    CompletableFuture<LookupResult> iterate(PeerId target,
                                            Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query) {
        return iterate(target, state.config.k(), query);
    }

    /**
     * Starts a lookup towards {@code target} that ends once the {@code width} closest candidates
     * answered (at most k), for callers that need fewer than k peers.
     */
    CompletableFuture<LookupResult> iterate(PeerId target, int width,
                                            Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query) {
        return iterate(target, width, query, id -> false);
    }

    private CompletableFuture<LookupResult> iterate(PeerId target, int width,
                                                    Function<PeerContact, CompletableFuture<KademliaCodec.LookupReply>> query,
                                                    Predicate<PeerId> enough) {
        synchronized (state.lock) {
            state.counters.lookups.increment();
            maintenance.lookupStarted(target);
            long started = state.nanos();
            int wanted = Math.min(width, state.config.k());
            // A lookup that waits for fewer peers than alpha asks no more at a time: a join's refresh of
            // an empty bucket waits for one answer, and three queries at once bought two it did not need.
            Lookup lookup = new Lookup(target, state.selfId, wanted, Math.min(wanted, state.config.alpha()),
                    state.table.closest(target, state.config.k()), query, state.lock, state::now,
                    Lookup.WIDE_ROUND_TRIP_MILLIS, () -> WIDE_ROUND_CALLS_FACTOR * state.config.k()
                            - protocol.callsInFlight()).endingAtFirstAnswerFrom(enough);
            lookup.advance();
            return lookup.result().whenComplete(
                    (result, error) -> state.counters.lookupDurations.record(state.nanos() - started));
        }
    }

    /** A FIND_NODE lookup of {@code target}. */
    CompletableFuture<LookupResult> findNode(PeerId target) {
        return findNode(target, state.config.k());
    }

    /**
     * A FIND_NODE lookup of {@code target} that ends at the first answer from a peer in bucket
     * {@code bucket}, which that answer puts into the table; one query at a time. The join's refresh
     * of a far bucket left empty: going on to the closest peers of a random id there cost about three
     * RPCs a bucket instead of two.
     */
    CompletableFuture<LookupResult> fillBucket(PeerId target, int bucket) {
        return iterate(target, 1, peer -> protocol.findNode(peer, target),
                id -> state.selfId.commonPrefixLength(id) == bucket);
    }

    /** A FIND_NODE lookup of the {@code width} peers closest to {@code target}. */
    CompletableFuture<LookupResult> findNode(PeerId target, int width) {
        return iterate(target, width, peer -> protocol.findNode(peer, target));
    }
}
