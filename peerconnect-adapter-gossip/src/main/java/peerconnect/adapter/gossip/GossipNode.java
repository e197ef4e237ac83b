package peerconnect.adapter.gossip;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.FoundPeer;
import peerconnect.ports.Gossip;
import peerconnect.ports.PeerDirectory;
import peerconnect.domain.Scheduler;

/**
 * A node's gossip service: rumor mongering, peer search by name and (optionally) anti-entropy pulls,
 * on root code {@code 0x02}. Made by {@link #create}.
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
 */
public interface GossipNode extends Gossip, AutoCloseable {

    /**
     * A gossip node for {@code self} named {@code name}; registers its handler on the dispatcher for
     * {@link RootCode#GOSSIP} and, if the config asks for anti-entropy, schedules its digests.
     *
     * @param config     protocol settings
     * @param self       this node's id (the dispatcher's)
     * @param name       what searches match against; at most 255 bytes of UTF-8
     * @param dispatcher sends and receives the datagrams
     * @param scheduler  the clock for the seen-set and timers for searches and anti-entropy
     * @param random     draws message ids, peers and coin tosses; used under the node's lock
     * @param peers      where peers come from (the DHT's routing table in the app)
     * @throws IllegalStateException    if the dispatcher already has a gossip handler
     * @throws IllegalArgumentException if the name is too long
     */
    static GossipNode create(GossipConfig config, PeerId self, String name, RequestsDispatcher dispatcher,
                             Scheduler scheduler, RandomGenerator random, PeerDirectory peers) {
        RumorMongerNode node = new RumorMongerNode(config, self, name, dispatcher, scheduler, random, peers);
        node.start();
        return node;
    }

    PeerId id();

    /**
     * {@link #search(String, java.time.Duration, Consumer)} with the config's
     * {@link GossipConfig#searchTimeout() search timeout}.
     */
    CompletableFuture<List<FoundPeer>> search(String query, Consumer<FoundPeer> onResult);

    String name();

    GossipStats stats();

    /**
     * Unregisters the handler, stops the anti-entropy timer and completes every pending search with
     * what it found so far. Idempotent; publishing or searching afterwards fails.
     */
    @Override
    void close();
}
