package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.domain.Cancellable;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestHandler;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.FoundPeer;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.PeerDirectory;
import peerconnect.domain.Scheduler;

/**
 * Rumor mongering (push, with feedback and coin: {@link ForwardPolicy}), peer search over the same
 * spreading, and anti-entropy pulls (a digest of recent rumor ids to one random peer every interval;
 * the peer sends back what is missing). All mutable state is guarded by {@link #lock}; callbacks to
 * subscribers and searchers run after it is released.
 */
final class RumorMongerNode implements GossipNode {
    private static final Logger LOG = LoggerFactory.getLogger(RumorMongerNode.class);
    /** Rumors sent back for one digest: enough to catch up after a short gap, bounded so a digest is no lever for floods. */
    static final int MAX_PULL_REPLIES = 8;
    /**
     * Address checks awaiting their answer at once: each holds a reply-registry slot and a little state
     * for the event it gates, so a flood of unverified searches or digests cannot pile them up.
     */
    static final int MAX_CHECKS_IN_FLIGHT = 64;
    /** Body of an ADDRESS_CHECK: the token. */
    private static final int CHECK_BODY_BYTES = 8;

    private final GossipConfig config;
    private final ForwardPolicy policy;
    private final PeerId self;
    private final String name;
    private final String nameKey;
    private final RequestsDispatcher dispatcher;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final PeerDirectory peers;
    private final int maxDigestIds;
    private final List<Consumer<GossipMessage>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder listenerFailures = new LongAdder();

    private final ReentrantLock lock = new ReentrantLock();
    // ---- guarded by lock ----
    private final SeenSet<RumorState> seen;
    private final Map<MessageId, PendingSearch> searches = new HashMap<>();
    private final Map<GossipRejection, Long> rejected = new EnumMap<>(GossipRejection.class);
    private int checksInFlight;
    private Cancellable antiEntropy = () -> { };
    private boolean closed;
    private long published;
    private long delivered;
    private long duplicates;
    private long pushed;
    private long stoppedForwarding;
    private long searchesStarted;
    private long searchRepliesSent;
    private long searchResults;
    private long digestsSent;
    private long pullRequestsSent;
    private long pulledSent;
    private long sendFailures;

    RumorMongerNode(GossipConfig config, PeerId self, String name, RequestsDispatcher dispatcher, Scheduler scheduler,
                    RandomGenerator random, PeerDirectory peers) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = ForwardPolicy.of(config);
        this.self = Objects.requireNonNull(self, "self");
        this.name = Objects.requireNonNull(name, "name");
        RumorCodec.utf8(name); // refuses a name too long to answer with
        this.nameKey = name.toLowerCase(Locale.ROOT);
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.seen = new SeenSet<>(config.seenCapacity(), config.seenExpiry().toMillis(),
                config.quotas().seenProtection().toMillis(), config.quotas().maxSeenPerSource());
        int digestRoom = (dispatcher.codec().maxBodyBytes() - 2) / 8;
        this.maxDigestIds = Math.max(0, Math.min(digestRoom, RumorCodec.MAX_DIGEST_IDS));
        int largestRumor = RumorCodec.RUMOR_HEADER_BYTES + config.maxPayloadBytes();
        if (largestRumor > dispatcher.codec().maxBodyBytes()) {
            throw new IllegalArgumentException("maxPayloadBytes " + config.maxPayloadBytes() + " does not fit a "
                    + dispatcher.codec().maxDatagramBytes() + "-byte datagram");
        }
    }

    void start() {
        // The handler takes the node's lock briefly and sends without waiting: it never blocks.
        dispatcher.register(RootCode.GOSSIP, RequestHandler.nonBlocking(this::handle));
        if (config.antiEntropyEnabled()) {
            long interval = config.antiEntropyInterval().toMillis();
            long phase;
            lock.lock();
            try {
                // A random phase per node, so digests do not all leave at the same instant.
                phase = random.nextLong(Math.max(1, interval));
            } finally {
                lock.unlock();
            }
            scheduleDigest(Duration.ofMillis(phase));
        }
    }

    @Override
    public PeerId id() {
        return self;
    }

    @Override
    public String name() {
        return name;
    }

    // ---- the port --------------------------------------------------------------------------------

    @Override
    public MessageId publish(byte[] payload) {
        if (payload.length > config.maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is larger than the "
                    + config.maxPayloadBytes() + " bytes a rumor may carry");
        }
        lock.lock();
        try {
            ensureOpen("publish");
            MessageId id = freshId();
            RumorState state = new RumorState(new GossipBody.Rumor(id, self, 0, payload.clone()), 0, now(),
                    config.quotas().maxInformedPerRumor());
            seen.add(id.value(), state, now());
            published++;
            forward(state, 0);
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Cancellable subscribe(Consumer<GossipMessage> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public CompletableFuture<List<FoundPeer>> search(String query, Duration timeout, Consumer<FoundPeer> onResult) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onResult, "onResult");
        if (query.isEmpty()) {
            throw new IllegalArgumentException("an empty query would match every node");
        }
        RumorCodec.utf8(query);
        lock.lock();
        try {
            ensureOpen("search");
            if (searches.size() >= config.maxPendingSearches()) {
                return CompletableFuture.failedFuture(new GossipException(config.maxPendingSearches()
                        + " searches are already waiting for answers"));
            }
            MessageId id = freshId();
            PendingSearch search = new PendingSearch(onResult, config.maxSearchResults());
            searches.put(id, search);
            search.deadline = scheduler.schedule(timeout, () -> finishSearch(id));
            GossipBody.SearchRequest request = new GossipBody.SearchRequest(id, self, 0, Optional.empty(),
                    query);
            RumorState state = new RumorState(request, 0, now(), config.quotas().maxInformedPerRumor());
            seen.add(id.value(), state, now());
            searchesStarted++;
            forward(state, 0);
            return search.future;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<List<FoundPeer>> search(String query, Consumer<FoundPeer> onResult) {
        return search(query, config.searchTimeout(), onResult);
    }

    @Override
    public GossipStats stats() {
        lock.lock();
        try {
            return new GossipStats(published, delivered, duplicates, pushed, stoppedForwarding, searchesStarted,
                    searchRepliesSent, searchResults, digestsSent, pullRequestsSent, pulledSent, rejected, seen.evicted(),
                    seen.expired(), sendFailures, listenerFailures.sum());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<PendingSearch> open;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dispatcher.unregister(RootCode.GOSSIP);
            antiEntropy.cancel();
            open = new ArrayList<>(searches.values());
            searches.clear();
        } finally {
            lock.unlock();
        }
        for (PendingSearch s : open) {
            s.deadline.cancel();
            s.future.complete(s.results());
        }
    }

    @Override
    public String toString() {
        return "GossipNode[" + self.shortHex() + " '" + name + "']";
    }

    // ---- inbound ---------------------------------------------------------------------------------

    /** The dispatcher's handler for root code GOSSIP. Never throws for bad input: it is counted instead. */
    void handle(RequestEvent event) {
        handle(event, false);
    }

    /**
     * @param sourceChecked the event's source answered an address check made for this event, so it
     *                      is handled as from a verified source (docs/PROTOCOL.md, "Amplification")
     */
    private void handle(RequestEvent event, boolean sourceChecked) {
        Message message = event.message();
        RumorCodec.Result result = RumorCodec.decode(message.header(), message.bodyBuffer(), config.maxPayloadBytes());
        List<Runnable> callbacks = new ArrayList<>(1);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            switch (result) {
                case RumorCodec.Rejected(GossipRejection reason) -> reject(reason, event);
                case RumorCodec.Decoded(GossipBody body) -> {
                    switch (body) {
                        case GossipBody.Spreading s -> handleSpreading(s, event, sourceChecked, callbacks);
                        case GossipBody.SearchReply r -> handleSearchReply(r, event, callbacks);
                        case GossipBody.Digest d -> handleDigest(d, event);
                        case GossipBody.PullRequest p -> handlePullRequest(p, event);
                        case GossipBody.AddressCheck c -> handleAddressCheck(c, event);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        callbacks.forEach(Runnable::run);
    }

    private void handleSpreading(GossipBody.Spreading copy, RequestEvent event, boolean sourceChecked,
                                 List<Runnable> callbacks) {
        PeerId sender = event.message().sender();
        int hops = Math.min(copy.age() + 1, 0xff);
        RumorState state = seen.get(copy.id().value(), now());
        if (state != null) {
            duplicates++;
            state.markInformed(sender);
            if (!state.forwarding()) {
                return;
            }
            if (random.nextDouble() < policy.againProbability(hops)) {
                forward(state, hops);
            } else {
                state.stop();
                stoppedForwarding++;
            }
            return;
        }
        GossipBody.Spreading body = copy;
        if (copy instanceof GossipBody.SearchRequest s && s.replyTo().isEmpty()) {
            if (copy.age() != 0 || !sender.equals(copy.origin())) {
                // Only the first hop may fill in the address; a forwarded search without one is broken.
                reject(GossipRejection.BAD_ADDRESS, event);
                return;
            }
            if (!sourceChecked && !event.replyBudget().verifiedSource()) {
                // Its answers will go to the observed source: spread it only once that source confirms
                // the search is its own, or a forged source address would aim every answer at a victim.
                checkThen(event.from(), s.id().value(), new ReplyAllowance(event),
                        () -> handle(event, true), () -> reject(GossipRejection.UNVERIFIED_SEARCH, event));
                return;
            }
            body = s.withReplyTo(event.from());
        }
        state = new RumorState(body, hops, now(), config.quotas().maxInformedPerRumor());
        // Charged to the address it came from: one source cannot hold more than its share of the set.
        switch (seen.add(copy.id().value(), state, now(), event.from().ip())) {
            case ADDED -> { }
            case ALREADY_SEEN -> throw new IllegalStateException("looked up as unseen just before");
            case REFUSED_SOURCE_SHARE -> {
                // Not remembered, so not delivered or forwarded either: a later copy may still get in.
                reject(GossipRejection.SEEN_SOURCE_SHARE, event);
                return;
            }
            case REFUSED_FULL -> {
                reject(GossipRejection.SEEN_FULL, event);
                return;
            }
        }
        state.markInformed(sender);
        state.markInformed(copy.origin());
        switch (body) {
            // A rumor of our own id comes back after a restart (the seen-set is not saved): subscribers
            // never get their own messages, so it is passed on but not delivered.
            case GossipBody.Rumor r when r.origin().equals(self) -> { }
            case GossipBody.Rumor r -> {
                delivered++;
                GossipMessage delivery = new GossipMessage(r.id(), r.origin(), hops, r.payload());
                callbacks.add(() -> deliver(delivery));
            }
            case GossipBody.SearchRequest s -> answerIfMatching(s);
        }
        forward(state, hops);
    }

    private void answerIfMatching(GossipBody.SearchRequest s) {
        if (!nameKey.contains(s.query().toLowerCase(Locale.ROOT)) || s.origin().equals(self)) {
            return;
        }
        NodeAddress to = s.replyTo().orElseThrow();
        if (dispatcher.isVerified(to)) {
            sendSearchReply(s, to);
            return;
        }
        // The reply-to address came with the rumor from whoever forwarded it, so any participant can
        // name a victim there: answer only once that address confirms the search is its own.
        checkThen(to, s.id().value(), null, () -> {
            lock.lock();
            try {
                if (!closed) {
                    sendSearchReply(s, to);
                }
            } finally {
                lock.unlock();
            }
        }, () -> {
            rejected.merge(GossipRejection.UNCONFIRMED_REPLY_TO, 1L, Long::sum);
            LOG.debug("search {} of {} not answered: its reply-to {} did not confirm it", s.id(),
                    s.origin().shortHex(), to);
        });
    }

    private void sendSearchReply(GossipBody.SearchRequest s, NodeAddress to) {
        if (send(to, new GossipBody.SearchReply(s.id(), name))) {
            searchRepliesSent++;
            LOG.debug("answered search {} of {} at {} with name '{}'", s.id(), s.origin().shortHex(), to, name);
        }
    }

    private void handleSearchReply(GossipBody.SearchReply reply, RequestEvent event, List<Runnable> callbacks) {
        PendingSearch search = searches.get(reply.id());
        if (search == null) {
            reject(GossipRejection.UNSOLICITED_REPLY, event);
            return;
        }
        FoundPeer found = new FoundPeer(new PeerContact(event.message().sender(), event.from()), reply.name());
        if (search.add(found)) {
            searchResults++;
            callbacks.add(() -> {
                try {
                    search.onResult.accept(found);
                } catch (RuntimeException e) {
                    listenerFailures.increment();
                    LOG.warn("search callback failed on {} for search {}", found, reply.id(), e);
                }
            });
        }
    }

    private void handleDigest(GossipBody.Digest digest, RequestEvent event) {
        List<GossipBody.Rumor> missing = new ArrayList<>();
        seen.forEachRecent(now(), config.antiEntropyWindow().toMillis(), (id, state) -> {
            if (state.body instanceof GossipBody.Rumor r && !digest.contains(id)) {
                missing.add(r.withAge(state.hops));
            }
            return missing.size() < MAX_PULL_REPLIES;
        });
        ReplyAllowance allowance = new ReplyAllowance(event);
        boolean checkReserved = allowance.reserve(CHECK_BODY_BYTES);
        List<GossipBody.Rumor> heldBack = sendWithin(allowance, event.from(), missing);
        // Push-pull: rumors in the digest that we lack are asked for, so a rumor whose first pushes were
        // all lost spreads from its origin's next digest instead of waiting for someone to ask the origin.
        long now = now();
        long[] wanted = new long[Math.min(digest.size(), MAX_PULL_REPLIES)];
        int n = 0;
        for (long id : digest.ids()) {
            if (n == wanted.length) {
                break;
            }
            if (seen.get(id, now) == null) {
                wanted[n++] = id;
            }
        }
        int fit = Math.min(n, Math.max(0, (allowance.bodyRoom() - 2) / 8));
        if (fit > 0 && allowance.spend(2 + 8 * fit)
                && send(event.from(), new GossipBody.PullRequest(Arrays.copyOf(wanted, fit)))) {
            pullRequestsSent++;
        }
        sendAfterCheck(event, heldBack, checkReserved);
    }

    private void handlePullRequest(GossipBody.PullRequest request, RequestEvent event) {
        long now = now();
        long window = config.antiEntropyWindow().toMillis();
        List<GossipBody.Rumor> asked = new ArrayList<>();
        for (long id : request.ids()) {
            if (asked.size() == MAX_PULL_REPLIES) {
                break;
            }
            RumorState state = seen.get(id, now);
            if (state != null && state.body instanceof GossipBody.Rumor r && now - state.receivedMillis <= window) {
                asked.add(r.withAge(state.hops));
            }
        }
        ReplyAllowance allowance = new ReplyAllowance(event);
        boolean checkReserved = allowance.reserve(CHECK_BODY_BYTES);
        sendAfterCheck(event, sendWithin(allowance, event.from(), asked), checkReserved);
    }

    /** Sends each rumor that fits {@code allowance}; returns those that did not. Under the lock. */
    private List<GossipBody.Rumor> sendWithin(ReplyAllowance allowance, NodeAddress to, List<GossipBody.Rumor> rumors) {
        List<GossipBody.Rumor> heldBack = new ArrayList<>(0);
        for (GossipBody.Rumor r : rumors) {
            byte[] body = RumorCodec.encode(r);
            if (!allowance.spend(body.length)) {
                heldBack.add(r);
            } else if (sendBytes(to, r.header(), body)) {
                pulledSent++;
            }
        }
        return heldBack;
    }

    /**
     * Rumors held back from an unverified source wait for an address check (room for which was
     * reserved): once the source answers it they follow in full; if it never does, they are not sent
     * (docs/PROTOCOL.md, "Amplification"). Under the lock.
     */
    private void sendAfterCheck(RequestEvent event, List<GossipBody.Rumor> heldBack, boolean checkReserved) {
        if (heldBack.isEmpty() || !checkReserved) {
            return;
        }
        NodeAddress to = event.from();
        checkThen(to, 0, null, () -> {
            lock.lock();
            try {
                if (!closed) {
                    for (GossipBody.Rumor r : heldBack) {
                        if (send(to, r)) {
                            pulledSent++;
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        }, () -> { });
    }

    /**
     * Sends an ADDRESS_CHECK with {@code token} to {@code to} and runs {@code confirmed} once it is
     * answered from there (the dispatcher then also counts {@code to} as verified), or {@code failed}
     * if it is not, or cannot be sent: at most {@link #MAX_CHECKS_IN_FLIGHT} at once. Under the lock.
     *
     * @param allowance what the check may spend of the triggering event's budget, or null if reserved already
     */
    private void checkThen(NodeAddress to, long token, ReplyAllowance allowance, Runnable confirmed, Runnable failed) {
        if (checksInFlight >= MAX_CHECKS_IN_FLIGHT || (allowance != null && !allowance.spend(CHECK_BODY_BYTES))) {
            failed.run();
            return;
        }
        CompletableFuture<Message> answer;
        try {
            answer = dispatcher.request(to, RootCode.GOSSIP, GossipHeader.ADDRESS_CHECK.code(),
                    RumorCodec.encode(new GossipBody.AddressCheck(token)));
        } catch (RuntimeException e) {
            sendFailures++;
            failed.run();
            return;
        }
        checksInFlight++;
        answer.whenComplete((reply, failure) -> {
            lock.lock();
            try {
                checksInFlight--;
                if (failure != null || closed) {
                    failed.run();
                    return;
                }
            } finally {
                lock.unlock();
            }
            confirmed.run();
        });
    }

    /** Answers a check (same size as the check) if it is a plain one or names a search of ours still waiting. */
    private void handleAddressCheck(GossipBody.AddressCheck check, RequestEvent event) {
        if (check.token() != 0 && !searches.containsKey(new MessageId(check.token()))) {
            reject(GossipRejection.UNCONFIRMED_CHECK, event);
            return;
        }
        try {
            event.reply(GossipHeader.ADDRESS_CHECK.code(), RumorCodec.encode(check));
        } catch (RuntimeException e) {
            sendFailures++;
            LOG.debug("could not answer address check from={}: {}", event.from(), e.toString());
        }
    }

    // ---- outbound --------------------------------------------------------------------------------

    /** Sends the rumor, {@code age} hops old, to up to fanout peers not known to have it; stops if none is left. */
    private void forward(RumorState state, int age) {
        if (!state.forwarding()) {
            return;
        }
        if (!policy.alive(age)) {
            state.stop();
            return;
        }
        List<PeerContact> targets = FanoutSampler.sample(peers.knownPeers(), config.fanout(),
                p -> p.id().equals(self) || state.isInformed(p.id()), random);
        if (targets.isEmpty()) {
            state.stop();
            return;
        }
        GossipBody.Spreading copy = state.body.withAge(age);
        byte[] body = RumorCodec.encode(copy);
        for (PeerContact target : targets) {
            state.markInformed(target.id());
            if (sendBytes(target.address(), copy.header(), body)) {
                pushed++;
            }
        }
    }

    private void scheduleDigest(Duration delay) {
        Cancellable next = scheduler.schedule(delay, this::sendDigest);
        lock.lock();
        try {
            if (closed) {
                next.cancel();
            } else {
                antiEntropy = next;
            }
        } finally {
            lock.unlock();
        }
    }

    private void sendDigest() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            List<PeerContact> target = FanoutSampler.sample(peers.knownPeers(), 1, p -> p.id().equals(self), random);
            if (!target.isEmpty()) {
                long[] ids = new long[maxDigestIds];
                int[] n = {0};
                seen.forEachRecent(now(), config.antiEntropyWindow().toMillis(), (id, state) -> {
                    if (state.body instanceof GossipBody.Rumor) {
                        ids[n[0]++] = id;
                    }
                    return n[0] < ids.length;
                });
                if (send(target.get(0).address(), new GossipBody.Digest(Arrays.copyOf(ids, n[0])))) {
                    digestsSent++;
                }
            }
        } finally {
            lock.unlock();
        }
        scheduleDigest(config.antiEntropyInterval());
    }

    private void finishSearch(MessageId id) {
        PendingSearch search;
        lock.lock();
        try {
            search = searches.remove(id);
        } finally {
            lock.unlock();
        }
        if (search != null) {
            search.future.complete(search.results());
        }
    }

    private boolean send(NodeAddress to, GossipBody body) {
        return sendBytes(to, body.header(), RumorCodec.encode(body));
    }

    private boolean sendBytes(NodeAddress to, GossipHeader header, byte[] body) {
        try {
            dispatcher.send(to, RootCode.GOSSIP, header.code(), body);
            return true;
        } catch (RuntimeException e) {
            sendFailures++;
            LOG.debug("could not send gossip {} to {}: {}", header, to, e.toString());
            return false;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void deliver(GossipMessage message) {
        for (Consumer<GossipMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                listenerFailures.increment();
                LOG.warn("gossip subscriber failed on {}", message, e);
            }
        }
    }

    private void reject(GossipRejection reason, RequestEvent event) {
        rejected.merge(reason, 1L, Long::sum);
        LOG.debug("rejected gossip header=0x{} from={} sender={}: {}",
                Integer.toHexString(event.message().header() & 0xff), event.from(),
                event.message().sender().shortHex(), reason);
    }

    private MessageId freshId() {
        MessageId id;
        do {
            id = MessageId.random(random);
        } while (seen.get(id.value(), now()) != null);
        return id;
    }

    private long now() {
        return scheduler.clock().millis();
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new GossipException("cannot " + what + ": gossip node " + self.shortHex() + " is closed");
        }
    }
}
