package peerconnect.domain;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Routes everything a node receives to the service it is for, and matches replies to the requests
 * that await them. Made by {@link #builder}.
 *
 * <p>One way in: a transport hands every datagram to {@link #onDatagram}, which runs the
 * {@linkplain InboundPipeline inbound pipeline} (admit, open the seal, screen replies, decode,
 * route) and never blocks on handling. Requests go into bounded {@linkplain EventPriority priority
 * lanes}; workers on the injected executor drain them in batches. A handler marked
 * {@linkplain RequestHandler#nonBlocking non-blocking} runs at once on the receiving thread while the
 * dispatcher is idle, which saves a worker wake-up per request; under load its events queue like the
 * others. Awaited replies are matched at once on the receiving thread, so a request's future is
 * usually completed there and actions chained on it must not block (use the {@code *Async} variants
 * for anything slow). A reply completes its request's future only if both its message id and its
 * source address match the request (ids alone can be forged). One way out: encode, seal, send
 * ({@link OutboundPipeline}). Every event ends in exactly one of: dispatched to a handler, matched
 * to an awaited request, or dropped with a {@link DropReason}; {@link #stats()} shows the counts.
 *
 * <p>Thread-safe. With a single-threaded executor and {@code maxWorkers == 1} (as in simulations),
 * handling order is a pure function of the input order, so a seeded run is reproducible.
 */
public final class RequestsDispatcher implements DatagramReceiver, Responder, CounterSource {
    private static final System.Logger LOG = System.getLogger(RequestsDispatcher.class.getName());

    private enum Lifecycle { RUNNING, CLOSING, CLOSED }

    private final PeerId localId;
    private final DispatcherConfig config;
    private final EnvelopeCodec codec;
    private final Executor executor;
    private final RandomGenerator random;
    private final Optional<SealStage> seal;

    private final PriorityEventQueue queue;
    private final ReplyRegistry replies;
    private final VerifiedSources verified;
    private final VerifiedSources answered;
    private final DispatcherCounters counters = new DispatcherCounters();
    private final InboundPipeline inbound;
    private final OutboundPipeline outbound;
    /** Indexed by the root code's byte ({@link RootCode#index()}): every code, built-in or application, has a slot. */
    private final AtomicReferenceArray<RequestHandler> handlers =
            new AtomicReferenceArray<>(256);
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.RUNNING);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** Made by {@link DispatcherBuilder#build()}, which states every default. */
    RequestsDispatcher(PeerId localId, DispatcherConfig config, EnvelopeCodec codec, DatagramSink sink,
                       Executor executor, Scheduler timer, RandomGenerator random, Admission admission,
                       LongSupplier nanoClock, Optional<SealStage> seal) {
        this.localId = Objects.requireNonNull(localId, "localId");
        this.config = Objects.requireNonNull(config, "config");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.random = Objects.requireNonNull(random, "random");
        this.seal = Objects.requireNonNull(seal, "seal");
        this.verified = VerifiedSources.create(nanoClock);
        this.answered = VerifiedSources.create(nanoClock);
        this.queue = new PriorityEventQueue(config.queueCapacity());
        // A matched reply verifies its source before its future completes (see ReplyBudget).
        this.replies = new ReplyRegistry(config.maxPendingReplies(), config.expiredIdMemory(),
                Objects.requireNonNull(timer, "timer"), verified::verify);
        this.outbound = new OutboundPipeline(codec, seal, sink, counters);
        this.inbound = new InboundPipeline(codec, admission, seal, replies, verified, counters, this,
                new InboundPipeline.Lanes() {
                    @Override
                    public boolean isRunning() {
                        return lifecycle.get() == Lifecycle.RUNNING;
                    }

                    @Override
                    public void accept(RequestEvent event) {
                        if (!handledInline(event)) {
                            enqueue(event);
                        }
                    }
                });
    }

    /** A builder for a dispatcher of the node {@code localId} (written as sender of everything it sends). */
    public static DispatcherBuilder builder(PeerId localId) {
        return new DispatcherBuilder(localId);
    }

    public PeerId localId() {
        return localId;
    }

    public EnvelopeCodec codec() {
        return codec;
    }

    /** The network-key stage, if this dispatcher seals and opens datagrams (for its {@code seal.*} counters). */
    public Optional<SealStage> seal() {
        return seal;
    }

    /**
     * Routes requests of {@code rootCode} to {@code handler}.
     *
     * @throws IllegalStateException if a handler is already registered for that root code
     */
    public void register(RootCode rootCode, RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!handlers.compareAndSet(rootCode.index(), null, handler)) {
            throw new IllegalStateException("a handler for root code " + rootCode + " is already registered");
        }
    }

    /** Removes the handler of {@code rootCode}, if any; its later events are dropped as {@link DropReason#NO_HANDLER}. */
    public void unregister(RootCode rootCode) {
        handlers.set(rootCode.index(), null);
    }

    /** Takes a datagram from the network into the inbound pipeline. Never blocks on handling and never throws. */
    @Override
    public void onDatagram(NodeAddress from, byte[] datagram) {
        inbound.receive(from, ByteBuffer.wrap(datagram));
    }

    /**
     * The same, for the datagram between position and limit of {@code datagram} (left unchanged), read
     * in place: a transport's reused receive buffer is never copied before the codec.
     */
    @Override
    public void onDatagram(NodeAddress from, ByteBuffer datagram) {
        inbound.receive(from, datagram);
    }

    /** Queues an event made by local code, as if it had arrived from the network. Never blocks. */
    public void submit(RequestEvent event) {
        counters.submitted.increment();
        enqueue(event);
    }

    /**
     * Sends a request to {@code to} and awaits its reply for {@link DispatcherConfig#defaultTimeout()}.
     *
     * @see #request(NodeAddress, RootCode, byte, byte[], Duration)
     */
    public CompletableFuture<Message> request(NodeAddress to, RootCode rootCode, byte op, byte[] body) {
        return request(to, rootCode, op, body, config.defaultTimeout());
    }

    /**
     * Sends a request to the unicast address {@code to}. The future completes exactly once: with the
     * reply whose id and source match, with a {@link java.util.concurrent.TimeoutException} after
     * {@code timeout}, with {@link DispatcherClosedException} on close, or at once with
     * {@link PendingRepliesFullException}, {@link MessageTooLargeException} or the transport's error.
     */
    public CompletableFuture<Message> request(NodeAddress to, RootCode rootCode, byte op, byte[] body,
                                              Duration timeout) {
        if (to.isMulticast()) {
            throw new IllegalArgumentException("a request awaits one reply from one address; " + to
                    + " is a multicast group (use send)");
        }
        if (lifecycle.get() != Lifecycle.RUNNING) {
            return CompletableFuture.failedFuture(new DispatcherClosedException("dispatcher is closed; request to "
                    + to + " not sent"));
        }
        MessageId id;
        Optional<CompletableFuture<Message>> future;
        try {
            do {
                id = nextId();
                future = replies.register(id, to, timeout);
            } while (future.isEmpty());
        } catch (PendingRepliesFullException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            outbound.send(to, Message.request(rootCode, op, id, localId, body));
            counters.requestsSent.increment();
        } catch (RuntimeException e) {
            replies.fail(id, e);
        }
        return future.get();
    }

    /** Sends a message that expects no reply through the registry (to a peer or a multicast group). */
    public void send(NodeAddress to, RootCode rootCode, byte op, byte[] body) {
        outbound.send(to, Message.request(rootCode, op, nextId(), localId, body));
    }

    /**
     * Answers {@code event} through the transport; events from the network carry this as responder.
     * A reply over the event's {@link ReplyBudget} is not sent but counted
     * ({@link DispatcherStats#repliesRefusedOverBudget()}): handlers are expected to trim it.
     */
    @Override
    public void respond(RequestEvent event, byte op, byte[] body) {
        NodeAddress to = event.from();
        if (!event.replyBudget().allows(body.length)) {
            counters.repliesRefusedOverBudget.increment();
            LOG.log(Level.DEBUG, () -> "refused a " + (EnvelopeCodec.HEADER_BYTES + body.length) + "-byte reply to "
                    + event.message().id() + " from=" + to + ": over the " + event.replyBudget().totalBytes()
                    + "-byte budget of an unverified source");
            return;
        }
        outbound.send(to, event.message().replyWith(op, localId, body));
        answered.verify(to);
    }

    /** Whether a reply from {@code source} matched one of this node's requests recently (see {@link ReplyBudget}). */
    public boolean isVerified(NodeAddress source) {
        return verified.isVerified(source);
    }

    /**
     * Whether this node answered a request from {@code peer} recently, so that {@code peer} has most
     * likely verified this node's address in turn. A requester that expects a large answer pads its
     * request to a peer for which this is false (see {@link ReplyBudget}).
     */
    public boolean hasAnswered(NodeAddress peer) {
        return answered.isVerified(peer);
    }

    /** A snapshot of the counters. */
    public DispatcherStats stats() {
        return counters.snapshot(replies.timedOut(), queue.size(), queue.highWater(),
                replies.size(), verified.size());
    }

    /** Reports {@link #stats()} as {@code dispatcher.*} counters and round trips as {@code dispatcher.roundTrip}. */
    @Override
    public void reportCounters(CounterSink sink) {
        stats().reportCounters(sink);
        sink.histogram("dispatcher.roundTrip", replies.roundTrips());
    }

    /** Round-trip times of the replies matched so far: request sent (registered) to reply matched. */
    public HistogramSnapshot roundTrips() {
        return replies.roundTrips();
    }

    /**
     * Closes gracefully: new input is dropped as {@link DropReason#CLOSED}, queued events are still
     * handled, then every awaited request fails with {@link DispatcherClosedException}. Idempotent.
     *
     * @return completes when the last queued event has been handled
     */
    public CompletableFuture<Void> close() {
        if (lifecycle.compareAndSet(Lifecycle.RUNNING, Lifecycle.CLOSING)) {
            signalWorkers();
            finishCloseIfIdle();
        }
        return closed.copy();
    }

    /** Closes at once: queued events are dropped as {@link DropReason#CLOSED}. Idempotent. */
    public void closeNow() {
        lifecycle.compareAndSet(Lifecycle.RUNNING, Lifecycle.CLOSING);
        finishClose();
    }

    private void enqueue(RequestEvent event) {
        if (lifecycle.get() != Lifecycle.RUNNING) {
            counters.drop(DropReason.CLOSED);
            return;
        }
        if (queue.offer(event, EventPriority.of(event.message())) != null) {
            counters.drop(DropReason.SHED);
        }
        signalWorkers();
    }

    /**
     * Handles {@code event} on the calling (receiving) thread if its handler never blocks and the
     * dispatcher is idle: nothing queued that it could overtake, no worker running. It takes a worker
     * slot meanwhile, so close and concurrent events see a busy dispatcher and queue behind it.
     */
    private boolean handledInline(RequestEvent event) {
        RequestHandler handler = handlers.get(event.rootCode().index());
        if (handler == null || !handler.isNonBlocking() || lifecycle.get() != Lifecycle.RUNNING
                || !queue.isEmpty() || !workers.compareAndSet(0, 1)) {
            return false;
        }
        try {
            process(event);
        } finally {
            workers.decrementAndGet();
            if (!queue.isEmpty()) {
                signalWorkers();
            } else {
                finishCloseIfIdle();
            }
        }
        return true;
    }

    private void signalWorkers() {
        while (true) {
            int running = workers.get();
            if (running >= config.maxWorkers()) {
                return;
            }
            if (workers.compareAndSet(running, running + 1)) {
                runTurn();
                return;
            }
        }
    }

    /** Schedules one turn of a worker that already holds a slot in {@link #workers}. */
    private void runTurn() {
        try {
            executor.execute(this::drainBatch);
        } catch (RejectedExecutionException e) {
            workers.decrementAndGet();
            LOG.log(Level.WARNING, "executor refused a dispatcher worker; " + queue.size() + " events stay queued", e);
        }
    }

    private void drainBatch() {
        List<RequestEvent> batch = new ArrayList<>(config.batchSize());
        queue.pollBatch(batch, config.batchSize());
        for (RequestEvent event : batch) {
            process(event);
        }
        if (!queue.isEmpty()) {
            // Yield the thread between batches so other tasks on a shared executor get a turn.
            runTurn();
            return;
        }
        workers.decrementAndGet();
        if (!queue.isEmpty()) {
            signalWorkers(); // an event arrived between our last poll and the release of our slot
        } else {
            finishCloseIfIdle();
        }
    }

    private void process(RequestEvent event) {
        Message message = event.message();
        if (message.kind() == MessageKind.REPLY) {
            inbound.matchReply(message, event.from()); // a reply submitted by local code
            return;
        }
        RequestHandler handler = handlers.get(event.rootCode().index());
        if (handler == null) {
            counters.drop(DropReason.NO_HANDLER);
            return;
        }
        counters.dispatched.increment();
        try {
            handler.handle(event);
        } catch (Throwable t) {
            counters.handlerFailures.increment();
            LOG.log(Level.WARNING, "handler for " + event.rootCode() + " failed on " + message + " from="
                    + event.from(), t);
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private MessageId nextId() {
        synchronized (random) {
            return MessageId.random(random);
        }
    }

    private void finishCloseIfIdle() {
        if (lifecycle.get() == Lifecycle.CLOSING && workers.get() == 0 && queue.isEmpty()) {
            finishClose();
        }
    }

    private void finishClose() {
        if (!lifecycle.compareAndSet(Lifecycle.CLOSING, Lifecycle.CLOSED)) {
            return;
        }
        List<RequestEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        counters.drop(DropReason.CLOSED, rest.size());
        int failed = replies.failAll(new DispatcherClosedException("dispatcher closed before the reply arrived"));
        LOG.log(Level.DEBUG, () -> "dispatcher of " + localId.shortHex() + " closed; " + rest.size()
                + " queued events dropped, " + failed + " awaited replies failed");
        closed.complete(null);
    }
}
