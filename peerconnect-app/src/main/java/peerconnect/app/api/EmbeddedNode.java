package peerconnect.app.api;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import peerconnect.app.node.LibraryNode;
import peerconnect.domain.Cancellable;
import peerconnect.domain.InvalidRootCodeException;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RootCode;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.PutOutcome;
import peerconnect.ports.PutRequest;

/** The handle {@link PeerConnectBuilder#start()} returns: the API over a {@link LibraryNode}. */
final class EmbeddedNode implements PeerConnectNode {
    private static final System.Logger LOG = System.getLogger(EmbeddedNode.class.getName());

    private final LibraryNode node;
    private final PeerWatch watch;
    private final Optional<ThreadPoolExecutor> events;
    private volatile boolean closed;

    private EmbeddedNode(LibraryNode node, PeerWatch watch, Optional<ThreadPoolExecutor> events) {
        this.node = node;
        this.watch = watch;
        this.events = events;
    }

    static EmbeddedNode start(LibraryNode node, Map<RootCode, RequestHandler> handlers, List<PeerListener> listeners,
                              boolean virtualTime) {
        Optional<ThreadPoolExecutor> events = Optional.empty();
        Executor delivery;
        if (virtualTime) {
            // In virtual time everything runs on the scheduler's one thread, in order: reproducible.
            delivery = node.scheduler()::execute;
        } else {
            // One thread and a bounded queue: a slow listener delays later events, never the node.
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(PeerConnectBuilder.EVENT_QUEUE),
                    Thread.ofPlatform().daemon().name("peerconnect-events-" + node.self().contact().id().shortHex())
                            .factory());
            events = Optional.of(pool);
            delivery = pool;
        }
        PeerWatch watch = new PeerWatch(() -> peerStatus(node), node.scheduler(), delivery);
        EmbeddedNode embedded = new EmbeddedNode(node, watch, events);
        handlers.forEach(embedded::register);
        listeners.forEach(embedded::addPeerListener);
        watch.start();
        return embedded;
    }

    static void checkApplication(RootCode code) {
        Objects.requireNonNull(code, "code");
        if (!code.isApplication()) {
            throw new InvalidRootCodeException("root code " + code + " belongs to the node; use RootCode.application(..)");
        }
    }

    @Override
    public PeerRecord self() {
        return node.self();
    }

    @Override
    public CompletableFuture<Message> request(NodeAddress to, RootCode code, byte op, byte[] body, Duration timeout) {
        checkApplication(code);
        return node.dispatcher().request(to, code, op, body, timeout);
    }

    @Override
    public void send(NodeAddress to, RootCode code, byte op, byte[] body) {
        checkApplication(code);
        node.dispatcher().send(to, code, op, body);
    }

    @Override
    public void register(RootCode code, RequestHandler handler) {
        checkApplication(code);
        node.dispatcher().register(code, handler);
    }

    @Override
    public void unregister(RootCode code) {
        checkApplication(code);
        node.dispatcher().unregister(code);
    }

    @Override
    public void submit(RequestEvent event) {
        node.dispatcher().submit(event);
    }

    @Override
    public CompletableFuture<Integer> put(String key, byte[] value) {
        return node.dht().put(DhtKey.of(key).id(), value);
    }

    @Override
    public CompletableFuture<Integer> put(String key, byte[] value, Duration lifetime) {
        PutRequest request = new PutRequest(DhtKey.of(key).id(), value, lifetime);
        return node.dht().publish(request).thenApply(PutOutcome::stored);
    }

    @Override
    public CompletableFuture<Optional<byte[]>> get(String key) {
        return node.dht().get(DhtKey.of(key).id());
    }

    @Override
    public MessageId publish(byte[] payload) {
        return node.gossip().publish(payload);
    }

    @Override
    public Cancellable subscribe(Consumer<GossipMessage> listener) {
        return node.gossip().subscribe(listener);
    }

    @Override
    public CompletableFuture<List<PeerRecord>> search(String query, Duration timeout, Consumer<PeerRecord> onResult) {
        return node.gossip().search(query, timeout, onResult);
    }

    @Override
    public List<Peer> peers() {
        return peerStatus(node).stream().map(PeerStatus::peer).toList();
    }

    @Override
    public List<PeerStatus> peerStatus() {
        return peerStatus(node);
    }

    private static List<PeerStatus> peerStatus(LibraryNode node) {
        return node.contactStatus().stream().map(s -> new PeerStatus(new Peer(s.contact().id(), s.contact().address(), s.name()),
                s.state().word(), s.sinceHeard(), s.srtt(), s.rttSamples(), s.failures())).toList();
    }

    @Override
    public NodeStatus status() {
        NodeStatus s = node.status();
        Map<String, Long> counters = new java.util.HashMap<>(s.counters());
        counters.put("library.peerEventsDropped", watch.dropped());
        return new NodeStatus(s.id(), s.name(), s.address(), s.addresses(), s.joined(), s.discovery(), s.peers(),
                s.dispatcher(), counters);
    }

    @Override
    public CompletableFuture<Void> joined() {
        return watch.joined();
    }

    @Override
    public boolean awaitJoined(Duration timeout) {
        try {
            watch.joined().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public Cancellable addPeerListener(PeerListener listener) {
        Objects.requireNonNull(listener, "listener");
        return watch.add(event -> {
            try {
                listener.onPeerEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "peer listener failed on " + event + " self=" + node.self().contact(), e);
            }
        });
    }

    /** Peer events dropped because the listeners' queue was full. */
    long peerEventsDropped() {
        return watch.dropped();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watch.stop();
        node.close();
        events.ifPresent(ThreadPoolExecutor::shutdown);
    }
}
