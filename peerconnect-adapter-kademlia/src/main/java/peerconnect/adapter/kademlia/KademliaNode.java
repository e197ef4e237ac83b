package peerconnect.adapter.kademlia;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.domain.Cancellable;
import peerconnect.domain.CounterSource;
import peerconnect.domain.NodeRecord;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.PeerRecord;

/**
 * A Kademlia node: the {@link DistributedHashTable} port plus what the app needs to run it. Made by
 * {@link KademliaNodes#create}. No method blocks except {@link #stop()}'s final save, which runs on the
 * calling thread.
 *
 * <p>Its counters are reported through {@link #reportCounters}, each under {@code kademlia.}:
 * {@code routingTableSize}, {@code storedValues} and {@code peerListEntries} as gauges;
 * {@code requestsHandled}, {@code rpcAttempts}, {@code rpcFailures}, {@code lookups},
 * {@code evictions}, {@code missedCalls}, {@code rechecks}, {@code addressChanges}, {@code rejected} (the total) and {@code rejected.<REASON>} for every
 * {@link RejectReason}, {@code storesRefused}, {@code admissionsSkipped} and {@code journalFailures} as counters (see
 * {@link KademliaStats} for what each counts).
 */
public interface KademliaNode extends DistributedHashTable, CounterSource {

    /** This node's own record (id, address, name). */
    PeerRecord self();

    /** This node's signed record, as it hands it to peers that ask; empty for a node without a key. */
    Optional<NodeRecord> ownRecord();

    /**
     * Starts answering requests (registers on the dispatcher's Kademlia root code), loads the saved
     * state if any — a corrupt file is reported, set aside and ignored — and the journal of value
     * changes after it, writes a fresh snapshot (blocking I/O on the calling thread), and schedules
     * maintenance.
     *
     * @return completes once the saved contacts have been pinged: with whether any answered (the
     *         node is then bootstrapped without any address)
     */
    CompletableFuture<Boolean> start();

    /** Stops answering, cancels maintenance and saves the state. Idempotent. */
    void stop();

    /** Saves the routing table and values now (blocking I/O through the state store). */
    void saveState();

    /** The peer list stored under {@code listKey} (one of the {@value PeerListKeys#COUNT} list keys), found by lookup. */
    CompletableFuture<List<PeerRecord>> findPeerList(PeerId listKey);

    /** Stores this node's own record in its peer list now (it also does so periodically). */
    CompletableFuture<Integer> addThisPeerToLists();

    /**
     * A FIND_NODE lookup of {@code target}, as {@link #closestPeers} makes, with what it cost: for
     * measuring the DHT (hops, RPCs), not for routing.
     */
    CompletableFuture<LookupTrace> traceLookup(PeerId target);

    /**
     * Tells {@code listener} of every contact evicted from the routing table from now on, on the
     * thread that evicts it, under the node's lock: it must not block nor call this node. For tests and
     * simulations that know which peers are in fact alive.
     *
     * @return cancels the listener
     */
    Cancellable onEviction(Consumer<PeerContact> listener);

    /** A snapshot of the counters, for tests and tools that read them as one record. */
    KademliaStats stats();
}
