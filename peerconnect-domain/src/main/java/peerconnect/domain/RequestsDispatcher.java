package peerconnect.domain;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Routes everything a node receives to the service it is for, and matches replies to the requests
 * that await them.
 *
 * <p>Receiving never blocks on handling: {@link #onDatagram} only decodes, classifies and enqueues
 * requests into bounded {@linkplain EventPriority priority lanes}; workers on the injected executor
 * drain them in batches. A handler marked {@linkplain RequestHandler#nonBlocking non-blocking} runs
 * at once on the receiving thread while the dispatcher is idle, which saves a worker wake-up per
 * request; under load its events queue like the others. Replies take the fast path: {@code
 * onDatagram} matches them to their awaited request at once, on the receiving thread, so a
 * request's future is usually completed there and actions chained on it must not block (use the
 * {@code *Async} variants for anything slow). A reply completes its request's future only if both
 * its message id and its source address match the request (ids alone can be forged). Every event
 * ends in exactly one of: dispatched to a handler, matched to an awaited request, or dropped with a
 * {@link DropReason}; {@link #stats()} shows the counts.
 *
 * <p>Thread-safe. With a single-threaded executor and {@code maxWorkers == 1} (as in simulations),
 * handling order is a pure function of the input order, so a seeded run is reproducible.
 */
public final class RequestsDispatcher implements Responder {
    private static final System.Logger LOG = System.getLogger(RequestsDispatcher.class.getName());

    private enum Lifecycle { RUNNING, CLOSING, CLOSED }

    private final PeerId localId;
    private final DispatcherConfig config;
    private final EnvelopeCodec codec;
    private final DatagramSink sink;
    private final Executor executor;
    private final RandomGenerator random;
    private final RateLimiter limiter;
    private final LongSupplier nanoClock;

    private final PriorityEventQueue queue;
    private final ReplyRegistry replies;
    private final VerifiedSources verified;
    private final VerifiedSources answered;
    private final AtomicReferenceArray<RequestHandler> handlers =
            new AtomicReferenceArray<>(RootCode.values().length);
    private final AtomicInteger workers = new AtomicInteger();
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.RUNNING);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private final LongAdder received = new LongAdder();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder dispatched = new LongAdder();
    private final LongAdder repliesMatched = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder repliesRefusedOverBudget = new LongAdder();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

    /**
     * @param localId  this node's id, written as sender of every request and reply
     * @param config   queue, batch, worker and reply-registry limits
     * @param codec    the wire codec (its maximum datagram size applies to both directions)
     * @param sink     where encoded datagrams go (the transport)
     * @param executor runs drain tasks (virtual threads in the app, the simulation scheduler in simulations)
     * @param timer    runs reply deadlines
     * @param random   draws message ids; used under this dispatcher's lock, so need not be thread-safe
     */
    public RequestsDispatcher(PeerId localId, DispatcherConfig config, EnvelopeCodec codec, DatagramSink sink,
                              Executor executor, TaskScheduler timer, RandomGenerator random) {
        // No limits by default: simulations and benchmarks drive this constructor with traffic whose
        // figures must not change, and it has no clock to run buckets on. The node opts in below.
        this(localId, config, codec, sink, executor, timer, random, RateLimiter.off(), () -> 0L);
    }

    /**
     * A dispatcher that asks {@code limiter} about every received request before decoding it;
     * refused ones are dropped as {@link DropReason#RATE_LIMITED}. Replies this node awaits bypass
     * the limiter, so a flood can never starve them; replies to no pending request are dropped
     * without a decode and charged to their source (see {@link #onDatagram}).
     *
     * @param limiter   limits per source address, per prefix and in total ({@link RateLimiter#off()} for none)
     * @param nanoClock the limiter's clock in nanoseconds (the scheduler's clock in the app)
     */
    public RequestsDispatcher(PeerId localId, DispatcherConfig config, EnvelopeCodec codec, DatagramSink sink,
                              Executor executor, TaskScheduler timer, RandomGenerator random, RateLimiter limiter,
                              LongSupplier nanoClock) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.localId = Objects.requireNonNull(localId, "localId");
        this.config = Objects.requireNonNull(config, "config");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.random = Objects.requireNonNull(random, "random");
        this.verified = VerifiedSources.create(nanoClock);
        this.answered = VerifiedSources.create(nanoClock);
        this.queue = new PriorityEventQueue(config.queueCapacity());
        // A matched reply verifies its source before its future completes (docs/PROTOCOL.md, "Amplification").
        this.replies = new ReplyRegistry(config.maxPendingReplies(), config.expiredIdMemory(),
                Objects.requireNonNull(timer, "timer"), verified::verify);
    }

    public PeerId localId() {
        return localId;
    }

    public EnvelopeCodec codec() {
        return codec;
    }

    /**
     * Routes requests of {@code rootCode} to {@code handler}.
     *
     * @throws IllegalStateException if a handler is already registered for that root code
     */
    public void register(RootCode rootCode, RequestHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!handlers.compareAndSet(rootCode.ordinal(), null, handler)) {
            throw new IllegalStateException("a handler for root code " + rootCode + " is already registered");
        }
    }

    /** Removes the handler of {@code rootCode}, if any; its later events are dropped as {@link DropReason#NO_HANDLER}. */
    public void unregister(RootCode rootCode) {
        handlers.set(rootCode.ordinal(), null);
    }

    /** Takes a datagram from the network. Never blocks on handling and never throws. */
    public void onDatagram(NodeAddress from, byte[] datagram) {
        received.increment();
        if (!screened(from, datagram, 0, datagram.length, true)) {
            accept(codec.decode(datagram), from);
        }
    }

    /** Takes a datagram from the network, between position and limit of {@code datagram} (left unchanged). */
    public void onDatagram(NodeAddress from, ByteBuffer datagram) {
        received.increment();
        if (!screened(from, datagram)) {
            accept(codec.decode(datagram), from);
        }
    }

    /**
     * Decides whether a datagram from {@code from} that cannot be read yet, because it is sealed, may
     * be opened at all: the limit {@link #onDatagram} applies before decoding, moved in front of the
     * seal so that a flood costs no cipher work beyond the limit. Inside the seal the reply flag is
     * not visible, so a datagram from an address this node awaits a reply from is charged to that
     * address's own bucket only ({@link RateLimiter#admitAwaited}), which no other source can empty;
     * any other is charged like a request. A refused datagram is counted as received and dropped as
     * {@link DropReason#RATE_LIMITED}; an admitted one must be handed, once opened, to
     * {@link #onOpenedDatagram}, which does not charge it again. Never throws.
     *
     * @return whether to open the datagram
     */
    public boolean admitSealed(NodeAddress from) {
        if (limiter.isOff()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        RateLimiter.Verdict verdict = replies.awaitsFrom(from) ? limiter.admitAwaited(from, now)
                : limiter.admit(from, now);
        if (verdict == RateLimiter.Verdict.ADMITTED) {
            return true;
        }
        received.increment();
        drop(DropReason.RATE_LIMITED);
        LOG.log(Level.TRACE, () -> "dropped sealed datagram from=" + from + " reason=" + verdict);
        return false;
    }

    /**
     * Takes a datagram that {@link #admitSealed} admitted, once opened: as {@link #onDatagram}, but
     * without charging the limiter a second time.
     */
    public void onOpenedDatagram(NodeAddress from, byte[] datagram) {
        received.increment();
        if (!screened(from, datagram, 0, datagram.length, false)) {
            accept(codec.decode(datagram), from);
        }
    }

    /** Queues an event made by local code, as if it had arrived from the network. Never blocks. */
    public void submit(RequestEvent event) {
        submitted.increment();
        enqueue(event);
    }

    /**
     * Sends a request to {@code to} and awaits its reply for {@link DispatcherConfig#defaultTimeout()}.
     *
     * @see #request(NodeAddress, RootCode, byte, byte[], Duration)
     */
    public CompletableFuture<Message> request(NodeAddress to, RootCode rootCode, byte header, byte[] body) {
        return request(to, rootCode, header, body, config.defaultTimeout());
    }

    /**
     * Sends a request to the unicast address {@code to}. The future completes exactly once: with the
     * reply whose id and source match, with a {@link java.util.concurrent.TimeoutException} after
     * {@code timeout}, with {@link DispatcherClosedException} on close, or at once with
     * {@link PendingRepliesFullException}, {@link MessageTooLargeException} or the transport's error.
     */
    public CompletableFuture<Message> request(NodeAddress to, RootCode rootCode, byte header, byte[] body,
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
            transmit(to, Message.request(rootCode, header, id, localId, body));
            requestsSent.increment();
        } catch (RuntimeException e) {
            replies.fail(id, e);
        }
        return future.get();
    }

    /** Sends a message that expects no reply through the registry (to a peer or a multicast group). */
    public void send(NodeAddress to, RootCode rootCode, byte header, byte[] body) {
        transmit(to, Message.request(rootCode, header, nextId(), localId, body));
    }

    /**
     * Answers {@code event} through the transport; events from the network carry this as responder.
     * A reply over {@linkplain #replyBodyBudget the budget} of an unverified source is not sent but
     * counted ({@link DispatcherStats#repliesRefusedOverBudget()}): handlers are expected to trim it.
     */
    @Override
    public void respond(RequestEvent event, byte header, byte[] body) {
        NodeAddress to = event.from();
        // Most replies are within 3x of their request whoever asked: only a larger one needs the lookup.
        if (EnvelopeCodec.HEADER_BYTES + body.length > RequestEvent.AMPLIFICATION_FACTOR * event.datagramBytes()
                && !verified.isVerified(to)) {
            repliesRefusedOverBudget.increment();
            LOG.log(Level.DEBUG, () -> "refused a " + (EnvelopeCodec.HEADER_BYTES + body.length) + "-byte reply to "
                    + event.message().id() + " from=" + to + ": over " + RequestEvent.AMPLIFICATION_FACTOR
                    + "x the " + event.datagramBytes() + "-byte request of an unverified source");
            return;
        }
        transmit(to, event.message().replyWith(header, localId, body));
        answered.verify(to);
    }

    /** Whether a reply from {@code source} matched one of this node's requests recently (docs/PROTOCOL.md, "Amplification"). */
    @Override
    public boolean isVerified(NodeAddress source) {
        return verified.isVerified(source);
    }

    /** Most body bytes of one reply to {@code event}: the codec's maximum, or less for an unverified source. */
    @Override
    public int replyBodyBudget(RequestEvent event) {
        int max = codec.maxBodyBytes();
        return verified.isVerified(event.from()) ? max
                : Math.max(0, Math.min(max, event.replyBytesBudget() - EnvelopeCodec.HEADER_BYTES));
    }

    /**
     * Whether this node answered a request from {@code peer} recently, so that {@code peer} has most
     * likely verified this node's address in turn. A requester that expects a large answer pads its
     * request to a peer for which this is false (docs/PROTOCOL.md, "Amplification").
     */
    public boolean hasAnswered(NodeAddress peer) {
        return answered.isVerified(peer);
    }

    /** A snapshot of the counters. */
    public DispatcherStats stats() {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped.get(r.ordinal());
            if (n != 0) {
                drops.put(r, n);
            }
        }
        return new DispatcherStats(received.sum(), submitted.sum(), dispatched.sum(), repliesMatched.sum(), drops,
                handlerFailures.sum(), requestsSent.sum(), replies.timedOut(), sendFailures.sum(), queue.size(),
                queue.highWater(), replies.size(), repliesRefusedOverBudget.sum(), verified.size());
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

    /**
     * The checks before decoding; true if the datagram was dropped (and counted). A datagram with a
     * well-formed reply header is read for its message id alone: a reply this node awaits is decoded
     * and never limited (refusing it would fail a lookup of ours), while one to no pending request is
     * dropped at once, unknown or late, without a decode, and charged to its source's buckets if
     * {@code charge} (so a source forging replies is soon limited in its requests too). Anything else
     * is a request or garbage: charged, and refused if over a limit.
     */
    private boolean screened(NodeAddress from, byte[] data, int offset, int length, boolean charge) {
        if (codec.isReplyHeader(data, offset, length)) {
            return screenedReply(from, EnvelopeCodec.messageIdAt(data, offset), charge);
        }
        return charge && refusedByLimiter(from);
    }

    private boolean screened(NodeAddress from, ByteBuffer datagram) {
        if (datagram.hasArray()) {
            return screened(from, datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining(),
                    true);
        }
        // A reused direct buffer: the checks read it in place (ByteBuffer's absolute reads are big-endian).
        if (codec.isReplyHeader(datagram)) {
            return screenedReply(from, EnvelopeCodec.messageIdAt(datagram), true);
        }
        return refusedByLimiter(from);
    }

    private boolean screenedReply(NodeAddress from, MessageId id, boolean charge) {
        if (replies.isPending(id)) {
            // Decoded and matched (or found from the wrong source) by matchReply. Ids are 64 random
            // bits, so a forger cannot hit a pending one; a real reply is never charged.
            return false;
        }
        if (lifecycle.get() != Lifecycle.RUNNING) {
            drop(DropReason.CLOSED);
            return true;
        }
        if (charge && !limiter.isOff()) {
            // The verdict does not matter, the datagram is dropped either way; the token it takes does.
            limiter.admit(from, nanoClock.getAsLong());
        }
        drop(replies.isRecentlyExpired(id) ? DropReason.LATE_REPLY : DropReason.UNKNOWN_REPLY);
        return true;
    }

    private boolean refusedByLimiter(NodeAddress from) {
        if (limiter.isOff()) {
            return false;
        }
        RateLimiter.Verdict verdict = limiter.admit(from, nanoClock.getAsLong());
        if (verdict == RateLimiter.Verdict.ADMITTED) {
            return false;
        }
        drop(DropReason.RATE_LIMITED);
        LOG.log(Level.TRACE, () -> "dropped datagram from=" + from + " reason=" + verdict);
        return true;
    }

    private void accept(DecodeResult result, NodeAddress from) {
        switch (result) {
            case DecodeResult.Decoded d -> {
                Message message = d.message();
                if (message.kind() == MessageKind.REPLY) {
                    // Fast path: an awaited reply is matched on the receiving thread, never queued. Queueing
                    // it would add a hand-off to a worker (a thread wake-up, ~10 us) to every round trip,
                    // which doubled the request latency on loopback (docs/BENCHMARKS.md, bench udp).
                    if (lifecycle.get() != Lifecycle.RUNNING) {
                        drop(DropReason.CLOSED);
                    } else {
                        matchReply(message, from);
                    }
                } else {
                    RequestEvent event = new RequestEvent(message.rootCode(), message, from, this);
                    if (!handledInline(event)) {
                        enqueue(event);
                    }
                }
            }
            case DecodeResult.Rejected r -> {
                drop(r.reason());
                LOG.log(Level.DEBUG, () -> "dropped datagram from=" + from + " reason=" + r.reason() + ": " + r.detail());
            }
        }
    }

    private void enqueue(RequestEvent event) {
        if (lifecycle.get() != Lifecycle.RUNNING) {
            drop(DropReason.CLOSED);
            return;
        }
        if (queue.offer(event, EventPriority.of(event.message())) != null) {
            drop(DropReason.SHED);
        }
        signalWorkers();
    }

    /**
     * Handles {@code event} on the calling (receiving) thread if its handler never blocks and the
     * dispatcher is idle: nothing queued that it could overtake, no worker running. It takes a worker
     * slot meanwhile, so close and concurrent events see a busy dispatcher and queue behind it.
     */
    private boolean handledInline(RequestEvent event) {
        RequestHandler handler = handlers.get(event.rootCode().ordinal());
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
            matchReply(message, event.from()); // a reply submitted by local code
            return;
        }
        RequestHandler handler = handlers.get(event.rootCode().ordinal());
        if (handler == null) {
            drop(DropReason.NO_HANDLER);
            return;
        }
        dispatched.increment();
        try {
            handler.handle(event);
        } catch (Throwable t) {
            handlerFailures.increment();
            LOG.log(Level.WARNING, "handler for " + event.rootCode() + " failed on " + message + " from="
                    + event.from(), t);
            if (t instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private void matchReply(Message message, NodeAddress from) {
        switch (replies.match(message, from)) {
            case MATCHED -> repliesMatched.increment();
            case LATE -> drop(DropReason.LATE_REPLY);
            case UNKNOWN -> drop(DropReason.UNKNOWN_REPLY);
            case SOURCE_MISMATCH -> {
                drop(DropReason.REPLY_SOURCE_MISMATCH);
                LOG.log(Level.DEBUG, () -> "reply " + message.id() + " from=" + from
                        + " does not match its request's destination");
            }
        }
    }

    private void transmit(NodeAddress to, Message message) {
        byte[] datagram = codec.encode(message);
        try {
            sink.send(to, datagram);
        } catch (RuntimeException e) {
            sendFailures.increment();
            throw e;
        }
    }

    private MessageId nextId() {
        synchronized (random) {
            return MessageId.random(random);
        }
    }

    private void drop(DropReason reason) {
        dropped.incrementAndGet(reason.ordinal());
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
        for (int i = 0; i < rest.size(); i++) {
            drop(DropReason.CLOSED);
        }
        int failed = replies.failAll(new DispatcherClosedException("dispatcher closed before the reply arrived"));
        LOG.log(Level.DEBUG, () -> "dispatcher of " + localId.shortHex() + " closed; " + rest.size()
                + " queued events dropped, " + failed + " awaited replies failed");
        closed.complete(null);
    }
}
