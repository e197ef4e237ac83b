package peerconnect.adapter.kademlia;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Starts the node's iterative lookups (paper, section 2.3): each a {@link Lookup} seeded with the k
 * closest contacts of the table, counted, and marking its target's bucket as refreshed.
 */
final class Lookups {
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
        synchronized (state.lock) {
            state.counters.lookups.increment();
            maintenance.lookupStarted(target);
            Lookup lookup = new Lookup(target, state.selfId, Math.min(width, state.config.k()), state.config.alpha(),
                    state.table.closest(target, state.config.k()), query, state.lock, state::now,
                    Lookup.WIDE_ROUND_OFF);
            lookup.advance();
            return lookup.result();
        }
    }

    /** A FIND_NODE lookup of {@code target}. */
    CompletableFuture<LookupResult> findNode(PeerId target) {
        return findNode(target, state.config.k());
    }

    /** A FIND_NODE lookup of the {@code width} peers closest to {@code target}. */
    CompletableFuture<LookupResult> findNode(PeerId target, int width) {
        return iterate(target, width, peer -> protocol.findNode(peer, target));
    }
}
