package peerconnect.ports;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.domain.Cancellable;
import peerconnect.domain.MessageId;

/**
 * Spreads small messages to every node of the network by gossip, and finds peers by name.
 * Implemented by the gossip adapter; the app binds it.
 *
 * <p>No method blocks: publishing and searching only queue datagrams, and results arrive later
 * through listeners and futures. Listeners and result callbacks run on the thread that handles the
 * arriving datagram (a dispatcher worker in the app, the simulation's scheduler thread in
 * simulations); they must not block either.
 */
public interface Gossip {

    /**
     * Starts spreading {@code payload} (copied) to the network as a new message and returns its id.
     * Local subscribers are not called for a message this node published itself.
     *
     * @throws IllegalArgumentException if the payload is larger than the adapter's maximum
     */
    MessageId publish(byte[] payload);

    /**
     * Calls {@code listener} once for each message from another node that reaches this one from now
     * on, however many copies of it arrive. Cancelling the returned handle stops the calls.
     */
    Cancellable subscribe(Consumer<GossipMessage> listener);

    /**
     * Asks the network for peers whose name matches {@code query} (matching rules are the adapter's).
     * Each peer found is passed to {@code onResult} as its answer arrives, at most once per peer,
     * until {@code timeout} has passed; then the returned future completes with all of them (possibly
     * none). The future never completes exceptionally because nobody answered.
     *
     * @throws IllegalArgumentException if the query is empty or too long for one datagram
     */
    CompletableFuture<List<PeerRecord>> search(String query, Duration timeout, Consumer<PeerRecord> onResult);
}
