package peerconnect.adapter.gossip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.domain.CounterSource;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.Gossip;

/**
 * A node's gossip service: rumor mongering, peer search by name and (optionally) anti-entropy pulls,
 * on root code {@code 0x02}. Made by {@link GossipNodes#create}.
 *
 * <p><b>Threads.</b> Thread-safe: all mutable state sits behind one lock per node, held only for
 * short, non-blocking work (decoding is done before it, sending never blocks). Subscribers and search
 * callbacks are called after the lock is released, on the thread that handled the datagram.
 *
 * <p><b>Searches.</b> When {@link GossipConfig#maxPendingSearches()} searches are already waiting, a
 * new one returns a future failed with {@link GossipException} at once.
 *
 * <p><b>Matching.</b> A search matches a node whose name contains the query, ignoring case
 * ({@link java.util.Locale#ROOT}).
 *
 * <p><b>Counters.</b> {@link #reportCounters} reports, without taking the node's lock,
 * {@code gossip.published}, {@code gossip.delivered}, {@code gossip.duplicatesSuppressed},
 * {@code gossip.datagramsSent}, {@code gossip.searchesStarted}, {@code gossip.searchResults},
 * {@code gossip.rejected} and {@code gossip.rejected.<REASON>} for every {@link GossipRejection}
 * (zeros included), {@code gossip.sendFailures} and {@code gossip.listenerFailures}, each with the
 * meaning of the {@link GossipStats} field of that name.
 */
public interface GossipNode extends Gossip, CounterSource, AutoCloseable {

    /** This node's id (the dispatcher's). */
    PeerId id();

    /**
     * {@link #search(String, java.time.Duration, Consumer)} with the config's
     * {@link GossipConfig#searchTimeout() search timeout}.
     */
    CompletableFuture<List<PeerRecord>> search(String query, Consumer<PeerRecord> onResult);

    /**
     * The peers this node gossips with now: where its pushes and digests go. A snapshot, never this
     * node itself.
     */
    List<PeerContact> view();

    /** What searches match against. */
    String name();

    /** A snapshot of this node's counters, taken under its lock so that they agree with each other. */
    GossipStats stats();

    /**
     * Unregisters the handler, stops the anti-entropy timer and completes every pending search with
     * what it found so far. Idempotent; publishing or searching afterwards fails.
     */
    @Override
    void close();
}
