package peerconnect.adapter.kademlia;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Starts the node's iterative lookups (paper, section 2.3): each a {@link Lookup} seeded with the k
 * closest contacts of the table, counted, timed on the node's clock, and marking its target's bucket
 * as refreshed.
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
        synchronized (state.lock) {
            state.counters.lookups.increment();
            maintenance.lookupStarted(target);
            long started = state.nanos();
            Lookup lookup = new Lookup(target, state.selfId, state.config.k(), state.config.alpha(),
                    state.table.closest(target, state.config.k()), query, state.lock);
            lookup.advance();
            return lookup.result().whenComplete(
                    (result, error) -> state.counters.lookupDurations.record(state.nanos() - started));
        }
    }

    /** A FIND_NODE lookup of {@code target}. */
    CompletableFuture<LookupResult> findNode(PeerId target) {
        return iterate(target, peer -> protocol.findNode(peer, target));
    }
}
