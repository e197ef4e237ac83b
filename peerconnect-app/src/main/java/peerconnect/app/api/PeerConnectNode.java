package peerconnect.app.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RootCode;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.GossipMessage;

/**
 * A started node, as an application drives it: made by {@link PeerConnect#builder()}, stopped by
 * {@link #close()}. No method blocks except {@link #awaitJoined} and {@link #close}; network work
 * returns a {@link CompletableFuture}. Methods that take a {@link RootCode} accept only
 * {@linkplain RootCode#application(int) application codes}: the built-in ones belong to the node.
 */
public interface PeerConnectNode extends AutoCloseable {
    /**
     * This node: peer id, the address peers reach it at, display name.
     *
     * @return this node's record
     */
    PeerRecord self();

    /**
     * Sends a request on an application code and completes with the reply matched to it (by message id
     * and source address), or fails with a timeout after {@code timeout}.
     *
     * @param to      the peer's address
     * @param code    an application root code
     * @param op      the sub-header byte: the application's operation
     * @param body    the request body
     * @param timeout how long to wait for the reply
     * @return the reply, or a failure after {@code timeout}
     * @throws peerconnect.domain.InvalidRootCodeException if {@code code} is a built-in code
     */
    CompletableFuture<Message> request(NodeAddress to, RootCode code, byte op, byte[] body, Duration timeout);

    /**
     * Sends a one-way request on an application code: nothing is awaited.
     *
     * @param to the peer's address
     * @param code an application root code
     * @param op the sub-header byte: the application's operation
     * @param body the request body
     */
    void send(NodeAddress to, RootCode code, byte op, byte[] body);

    /**
     * Routes requests of application code {@code code} to {@code handler}, which answers with
     * {@link RequestEvent#reply}. Handlers run on the node's workers, never on a receive thread.
     *
     * @param code an application root code
     * @param handler answers the requests of {@code code}
     * @throws IllegalStateException if {@code code} already has a handler
     */
    void register(RootCode code, RequestHandler handler);

    /**
     * Removes the handler of {@code code}, if any; later requests on it are dropped and counted {@code NO_HANDLER}.
     *
     * @param code an application root code
     */
    void unregister(RootCode code);

    /**
     * Hands a locally made event to the handlers as if it had arrived (the dispatcher's {@code submit}).
     *
     * @param event the event, as a handler would receive it
     */
    void submit(RequestEvent event);

    /**
     * Stores {@code value} under the string key {@code key} ({@link DhtKey#of}); completes with how many peers took it.
     *
     * @param key the string key
     * @param value the value
     * @return how many peers stored it
     */
    CompletableFuture<Integer> put(String key, byte[] value);

    /**
     * Stores {@code value} under the string key {@code key} ({@link DhtKey#of}) for {@code lifetime}:
     * republished until then, and dropped by its holders within their hold time after. The rule is
     * {@code PutRequest}'s: whole seconds from 1 s to 365 days, or {@code PutRequest.UNTIL_DELETED}.
     *
     * @param key      the string key
     * @param value    the bytes to store
     * @param lifetime how long the value lives
     * @return completes with how many peers took it
     * @throws peerconnect.ports.InvalidLifetimeException at once, if {@code lifetime} breaks the rule
     */
    CompletableFuture<Integer> put(String key, byte[] value, Duration lifetime);

    /**
     * Finds the value under the string key {@code key} ({@link DhtKey#of}).
     *
     * @param key the string key
     * @return the value, or empty if no peer has it
     */
    CompletableFuture<Optional<byte[]>> get(String key);

    /**
     * Publishes {@code payload} to every node by gossip; returns the rumor's id.
     *
     * @param payload the message
     * @return the rumor's id
     */
    MessageId publish(byte[] payload);

    /**
     * Calls {@code listener} with each gossip message delivered here (its own included); cancel to stop.
     *
     * @param listener called with each delivered message
     * @return cancels the subscription
     */
    Cancellable subscribe(Consumer<GossipMessage> listener);

    /**
     * Searches peers by name by gossip for {@code timeout}; {@code onResult} sees each as it arrives.
     *
     * @param query the name (or part of it) to search for
     * @param timeout how long to collect answers
     * @param onResult called with each peer found, as it arrives
     * @return every peer found, once {@code timeout} is over
     */
    CompletableFuture<List<PeerRecord>> search(String query, Duration timeout, Consumer<PeerRecord> onResult);

    /**
     * The peers the routing table holds now.
     *
     * @return the peers, a snapshot
     */
    List<Peer> peers();

    /**
     * The same peers with how alive each is believed to be: state word ({@code good},
     * {@code questionable}, {@code bad}), how long since it was last heard from, its round-trip time.
     *
     * @return the peers with their liveness, a snapshot
     */
    List<PeerStatus> peerStatus();

    /**
     * A fresh status snapshot. Never blocks.
     *
     * @return the status now
     */
    NodeStatus status();

    /**
     * Completes when the node first has a peer; on the in-memory network, run its scheduler to get there.
     *
     * @return completes at the first peer
     */
    CompletableFuture<Void> joined();

    /**
     * Waits until the node has a peer (real time only: on the in-memory network use {@link #joined()}).
     *
     * @return whether it joined within {@code timeout}
     * @param timeout how long to wait at most
     */
    boolean awaitJoined(Duration timeout);

    /**
     * Adds a listener of joined/suspected/left events (see {@link PeerListener} for the thread and the queue).
     *
     * @param listener told of each event
     * @return removes the listener
     */
    Cancellable addPeerListener(PeerListener listener);

    /**
     * Stops gracefully in reverse start order: discovery, gossip, the DHT with its state saved, the
     * dispatcher (pending requests fail), the endpoint. Idempotent.
     */
    @Override
    void close();
}
