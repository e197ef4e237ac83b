package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import peerconnect.domain.Cancellable;
import peerconnect.domain.CounterSink;
import peerconnect.domain.Message;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeKey;
import peerconnect.domain.SignatureChecker;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.domain.RequestsDispatcher;
import peerconnect.domain.RootCode;
import peerconnect.ports.PeerRecord;
import peerconnect.ports.GossipMessage;
import peerconnect.ports.PeerDirectory;
import peerconnect.domain.Scheduler;

/**
 * One node's gossip: owns the state its sub-protocols share ({@link GossipCore}) and routes each
 * datagram, once decoded, to the part that handles its op — rumor spreading, peer search,
 * anti-entropy, the source check. The port's calls go to the same parts. All mutable state is
 * guarded by the core's lock; subscribers and search callbacks run after it is released.
 */
final class GossipEngine implements GossipNode {
    private final GossipCore core;
    private final String name;
    private final RumorSpreading spreading;
    private final PeerSearch search;
    private final AntiEntropy antiEntropy;
    private final SourceCheck checks;
    private final PeerSampling sampling;
    private final RumorAuthenticity authenticity;

    GossipEngine(GossipConfig config, NodeKey key, String name, RequestsDispatcher dispatcher, Scheduler scheduler,
                 RandomGenerator random, PeerDirectory peers, SignatureChecker checker) {
        Objects.requireNonNull(config, "config");
        PeerId self = key.peerId();
        this.name = Objects.requireNonNull(name, "name");
        GossipCodec.utf8(name); // refuses a name too long to answer with
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(peers, "peers");
        int largestRumor = GossipCodec.RUMOR_FIXED_BYTES + config.maxPayloadBytes();
        if (largestRumor > dispatcher.codec().maxBodyBytes()) {
            throw new IllegalArgumentException("maxPayloadBytes " + config.maxPayloadBytes() + " does not fit a "
                    + dispatcher.codec().maxDatagramBytes() + "-byte datagram");
        }
        this.authenticity = new RumorAuthenticity(key, checker);
        this.core = new GossipCore(config, self, dispatcher, scheduler, random, new GossipCounters());
        this.sampling = new PeerSampling(core, peers);
        this.spreading = new RumorSpreading(core, sampling::peers);
        this.checks = new SourceCheck(core);
        this.search = new PeerSearch(core, spreading, checks, name);
        this.antiEntropy = new AntiEntropy(core, checks, sampling::peers);
    }

    /** Registers the handler and schedules the first digest. */
    void start() {
        // Not marked non-blocking: a new rumor's signature check costs about 0.4 ms, which must never
        // run on the receiving thread (the dispatcher's idle fast path) and delay every other datagram.
        core.dispatcher.register(RootCode.GOSSIP, this::handle);
        antiEntropy.start();
        sampling.start();
    }

    @Override
    public PeerId id() {
        return core.self;
    }

    @Override
    public List<PeerContact> view() {
        core.lock.lock();
        try {
            return sampling.peers();
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public String name() {
        return name;
    }

    // ---- the port --------------------------------------------------------------------------------

    @Override
    public MessageId publish(byte[] payload) {
        if (payload.length > core.config.maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is larger than the "
                    + core.config.maxPayloadBytes() + " bytes a rumor may carry");
        }
        MessageId id;
        core.lock.lock();
        try {
            core.ensureOpen("publish");
            id = core.freshId();
        } finally {
            core.lock.unlock();
        }
        // Signed outside the lock (about 0.4 ms): handling goes on meanwhile.
        GossipBody.Rumor rumor = authenticity.sign(id, payload.clone());
        core.lock.lock();
        try {
            core.ensureOpen("publish");
            return spreading.publish(rumor);
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public Cancellable subscribe(Consumer<GossipMessage> listener) {
        return spreading.subscribe(listener);
    }

    @Override
    public CompletableFuture<List<PeerRecord>> search(String query, Duration timeout, Consumer<PeerRecord> onResult) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onResult, "onResult");
        if (query.isEmpty()) {
            throw new IllegalArgumentException("an empty query would match every node");
        }
        GossipCodec.utf8(query);
        core.lock.lock();
        try {
            core.ensureOpen("search");
            return search.start(query, timeout, onResult);
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public CompletableFuture<List<PeerRecord>> search(String query, Consumer<PeerRecord> onResult) {
        return search(query, core.config.searchTimeout(), onResult);
    }

    @Override
    public GossipStats stats() {
        core.lock.lock();
        try {
            return core.counters.snapshot(core.seen.evicted(), core.seen.expired());
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public void reportCounters(CounterSink sink) {
        core.counters.reportCounters(sink);
    }

    @Override
    public void close() {
        List<PendingSearch> open;
        core.lock.lock();
        try {
            if (!core.close()) {
                return;
            }
            core.dispatcher.unregister(RootCode.GOSSIP);
            antiEntropy.stop();
            sampling.stop();
            open = search.takeAll();
        } finally {
            core.lock.unlock();
        }
        for (PendingSearch s : open) {
            s.deadline.cancel();
            s.future.complete(s.results());
        }
    }

    @Override
    public String toString() {
        return "GossipNode[" + core.self.shortHex() + " '" + name + "']";
    }

    // ---- inbound ---------------------------------------------------------------------------------

    /**
     * The dispatcher's handler for root code GOSSIP: decode, then hand the body to the part for its
     * op. Never throws for bad input: it is counted instead.
     */
    void handle(RequestEvent event) {
        Message message = event.message();
        GossipCodec.Result result = GossipCodec.decode(message.op(), message.bodyBuffer(),
                core.config.maxPayloadBytes());
        if (result instanceof GossipCodec.Decoded(GossipBody.Rumor rumor) && !authentic(rumor, event)) {
            return;
        }
        List<Runnable> afterUnlock = new ArrayList<>(1);
        core.lock.lock();
        try {
            if (core.closed()) {
                return;
            }
            switch (result) {
                case GossipCodec.Rejected(GossipRejection reason) -> core.reject(reason, event);
                case GossipCodec.Decoded(GossipBody body) -> route(body, event, afterUnlock);
            }
        } finally {
            core.lock.unlock();
        }
        afterUnlock.forEach(Runnable::run);
    }

    /**
     * Whether a received rumor may go on to spreading: a copy of a rumor already seen needs no check
     * (it is only counted as a duplicate, its payload unused); a new one must carry its origin's valid
     * signature, checked outside the lock, else it is dropped and counted.
     */
    private boolean authentic(GossipBody.Rumor rumor, RequestEvent event) {
        core.lock.lock();
        try {
            if (core.closed() || core.seen.get(rumor.id().value(), core.now()) != null) {
                return true;
            }
        } finally {
            core.lock.unlock();
        }
        Optional<GossipRejection> refused = authenticity.check(rumor, event.from());
        refused.ifPresent(reason -> core.reject(reason, event));
        return refused.isEmpty();
    }

    private void route(GossipBody body, RequestEvent event, List<Runnable> afterUnlock) {
        switch (body) {
            case GossipBody.Rumor r -> spreading.handleRumor(r, event, afterUnlock);
            case GossipBody.SearchRequest s -> search.handleRequest(s, event, false);
            case GossipBody.SearchReply r -> search.handleReply(r, event, afterUnlock);
            case GossipBody.Digest d -> antiEntropy.handleDigest(d, event);
            case GossipBody.PullRequest p -> antiEntropy.handlePullRequest(p, event);
            case GossipBody.AddressCheck c -> checks.handleCheck(c, event, search::isWaiting);
            case GossipBody.Shuffle sh when sh.reply() -> sampling.handleShuffleReply(sh, event);
            case GossipBody.Shuffle sh -> sampling.handleShuffle(sh, event);
        }
    }
}
