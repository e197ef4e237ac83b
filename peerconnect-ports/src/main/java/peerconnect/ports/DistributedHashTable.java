package peerconnect.ports;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * The DHT as the rest of the node uses it (discovery bootstraps it, gossip learns peers from it, the
 * console looks peers and values up). Keys live in the same 160-bit space as peer ids, so a key is a
 * {@link PeerId}.
 *
 * <p><b>No method blocks.</b> Network work returns a {@link CompletableFuture} completed later on a
 * protocol thread (or the simulation's scheduler); callers compose on it instead of waiting.
 * {@link #isBootstrapped()}, {@link #knownPeers()} and {@link #closestKnownPeers} read local state
 * only. All methods are safe to call from any thread.
 */
public interface DistributedHashTable extends PeerDirectory {

    /**
     * Joins the network through {@code addresses} (peers found by discovery, given by the user, or
     * remembered): pings them, looks up this node's own id, and refreshes the buckets further away
     * than its closest neighbour.
     *
     * @return completes with whether the node is bootstrapped afterwards (some peer answered); never
     *         completes exceptionally for unreachable addresses
     */
    CompletableFuture<Boolean> bootstrap(Collection<NodeAddress> addresses);

    /**
     * {@code contact} proved its id and address outside the DHT: discovery verified a signed answer of
     * that id to one of this node's announcements, sent from the address it advertises. It is taken as
     * if it had answered a call of ours there: an unknown id enters its bucket (or waits as a
     * replacement), a known one at that address is refreshed, and a known id at another address moves
     * as {@link #followProven} says. Never blocks.
     */
    void admitProven(PeerContact contact);

    /**
     * {@code contact} announced itself, signed by its id, fresh, from the address it advertises: if the
     * routing table knows that id, it is taken as an answer at that address. A known id at another
     * address moves there once its known address misses a call (at once if it has missed one already;
     * else that address is pinged first), so a live contact is never taken over; an unknown id is not
     * admitted by this. Never blocks.
     */
    void followProven(PeerContact contact);

    /** Whether some peer is in the routing table (some bucket is non-empty). Local, never blocks. */
    boolean isBootstrapped();

    /** Finds the peer with exactly this id by an iterative lookup; empty if no such peer answered. */
    CompletableFuture<Optional<PeerContact>> lookup(PeerId id);

    /**
     * The up to {@code n} live peers closest to {@code id} by XOR distance, found by an iterative
     * lookup (peers that answered during it), closest first.
     */
    CompletableFuture<List<PeerContact>> closestPeers(PeerId id, int n);

    /** The up to {@code n} peers of the local routing table closest to {@code id}; no network traffic. */
    List<PeerContact> closestKnownPeers(PeerId id, int n);

    /**
     * Stores {@code value} under {@code key} at the peers closest to the key, and keeps republishing it
     * while this node runs.
     *
     * @return completes with how many peers acknowledged the store (0 if none did); fails at once
     *         with {@link IllegalArgumentException} if the value exceeds the size bound
     */
    CompletableFuture<Integer> put(PeerId key, byte[] value);

    /**
     * Publishes a value as {@link #put} does, for its {@link PutRequest#lifetime()}; once this
     * completes the node has recorded the value and that it publishes it durably (a restart, even
     * after a kill, keeps both and republishes).
     *
     * @return completes with what the peers that should hold it answered; fails at once with
     *         {@link IllegalArgumentException} if the value exceeds the size bound
     */
    CompletableFuture<PutOutcome> publish(PutRequest request);

    /**
     * Withdraws a value this node published: stops republishing it and asks the peers closest to the
     * key to drop it. A peer drops it only if this node's address stored the value it holds: a
     * deletion of another source's value is refused ({@link PutOutcome#refusedNotSource()}).
     *
     * @return completes with what the peers answered ({@link PutOutcome#stored()}: they dropped it, or
     *         did not hold it); a key never published here is still withdrawn from the peers
     */
    CompletableFuture<PutOutcome> delete(PeerId key);

    /** Fetches the value stored under {@code key}; empty if no peer holding it answered. */
    CompletableFuture<Optional<byte[]>> get(PeerId key);

    /**
     * Peers whose name contains {@code query} (case-insensitive), as registered in the network's
     * peer lists; empty query matches everyone listed. Order unspecified, no duplicates by id.
     */
    CompletableFuture<List<PeerRecord>> searchPeers(String query);
}
