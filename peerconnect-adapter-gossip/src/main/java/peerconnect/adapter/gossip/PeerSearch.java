package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.MessageId;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;
import peerconnect.domain.RequestEvent;
import peerconnect.ports.PeerRecord;

/**
 * Peer search by name over gossip: a SEARCH_REQ spreads like a rumor ({@link RumorSpreading}); the
 * first hop fills in the address it came from, once that address has answered a check; a node whose
 * name contains the query (ignoring case) answers with a SEARCH_REPLY sent straight to that address,
 * once it too has confirmed the search. This node's own searches wait for answers until their
 * deadline. Called under the node's lock unless said otherwise.
 */
final class PeerSearch {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSearch.class);

    private final GossipCore core;
    private final RumorSpreading spreading;
    private final SourceCheck checks;
    private final String name;
    private final String nameKey;
    // ---- guarded by the lock ----
    private final Map<MessageId, PendingSearch> searches = new HashMap<>();

    PeerSearch(GossipCore core, RumorSpreading spreading, SourceCheck checks, String name) {
        this.core = core;
        this.spreading = spreading;
        this.checks = checks;
        this.name = name;
        this.nameKey = name.toLowerCase(Locale.ROOT);
    }

    /** Whether a search answering to {@code query} matches this node's name: it contains the query, ignoring case. */
    static boolean matches(String nameKey, String query) {
        return nameKey.contains(query.toLowerCase(Locale.ROOT));
    }

    /**
     * Starts a search of this node for {@code query}: it spreads, and its future completes with
     * what was found at {@code timeout}; failed at once if too many searches wait already.
     */
    CompletableFuture<List<PeerRecord>> start(String query, Duration timeout, Consumer<PeerRecord> onResult) {
        if (searches.size() >= core.config.maxPendingSearches()) {
            return CompletableFuture.failedFuture(new GossipException(core.config.maxPendingSearches()
                    + " searches are already waiting for answers"));
        }
        MessageId id = core.freshId();
        PendingSearch search = new PendingSearch(onResult, core.config.maxSearchResults());
        searches.put(id, search);
        search.deadline = core.scheduler.schedule(timeout, () -> finish(id));
        core.counters.add(Count.SEARCHES_STARTED);
        spreading.spreadOwn(new GossipBody.SearchRequest(id, core.self, 0, Optional.empty(), query));
        return search.future;
    }

    /** Whether {@code token} names a search of this node still waiting for answers. */
    boolean isWaiting(long token) {
        return searches.containsKey(new MessageId(token));
    }

    /**
     * A SEARCH_REQ: a duplicate is handled as any rumor's; a first-hop copy (no reply-to yet) gets
     * the address it came from, once that is verified; a new one is remembered, answered if it
     * matches and forwarded.
     *
     * @param sourceChecked the event's source answered an address check made for this event, so it
     *                      is handled as from a verified source (docs/PROTOCOL.md, "Amplification")
     */
    void handleRequest(GossipBody.SearchRequest copy, RequestEvent event, boolean sourceChecked) {
        PeerId sender = event.message().sender();
        int hops = RumorSpreading.hopsOf(copy);
        if (spreading.tookAsDuplicate(copy, sender, hops)) {
            return;
        }
        GossipBody.SearchRequest body = copy;
        if (copy.replyTo().isEmpty()) {
            if (copy.age() != 0 || !sender.equals(copy.origin())) {
                // Only the first hop may fill in the address; a forwarded search without one is broken.
                core.reject(GossipRejection.BAD_ADDRESS, event);
                return;
            }
            if (!sourceChecked && !event.replyBudget().verifiedSource()) {
                // Its answers will go to the observed source: spread it only once that source confirms
                // the search is its own, or a forged source address would aim every answer at a victim.
                checks.checkWithin(new ReplyAllowance(event), event.from(), copy.id().value(),
                        () -> core.whileOpen(() -> handleRequest(copy, event, true)),
                        () -> core.reject(GossipRejection.UNVERIFIED_SEARCH, event));
                return;
            }
            body = copy.withReplyTo(event.from());
        }
        Optional<RumorState> admitted = spreading.admit(body, event, hops);
        if (admitted.isEmpty()) {
            return;
        }
        answerIfMatching(body);
        spreading.forward(admitted.get(), hops);
    }

    private void answerIfMatching(GossipBody.SearchRequest s) {
        if (!matches(nameKey, s.query()) || s.origin().equals(core.self)) {
            return;
        }
        NodeAddress to = s.replyTo().orElseThrow();
        if (core.dispatcher.isVerified(to)) {
            sendReply(s, to);
            return;
        }
        // The reply-to address came with the rumor from whoever forwarded it, so any participant can
        // name a victim there: answer only once that address confirms the search is its own.
        checks.checkThen(to, s.id().value(), () -> core.whileOpen(() -> sendReply(s, to)), () -> {
            core.counters.rejected(GossipRejection.UNCONFIRMED_REPLY_TO);
            LOG.debug("search {} of {} not answered: its reply-to {} did not confirm it", s.id(),
                    s.origin().shortHex(), to);
        });
    }

    private void sendReply(GossipBody.SearchRequest s, NodeAddress to) {
        if (core.send(to, new GossipBody.SearchReply(s.id(), name))) {
            core.counters.add(Count.SEARCH_REPLIES_SENT);
            LOG.debug("answered search {} of {} at {} with name '{}'", s.id(), s.origin().shortHex(), to, name);
        }
    }

    /** A SEARCH_REPLY: a new answer to a waiting search of ours is kept and streamed (in {@code afterUnlock}). */
    void handleReply(GossipBody.SearchReply reply, RequestEvent event, List<Runnable> afterUnlock) {
        PendingSearch search = searches.get(reply.id());
        if (search == null) {
            core.reject(GossipRejection.UNSOLICITED_REPLY, event);
            return;
        }
        PeerRecord found = new PeerRecord(new PeerContact(event.message().sender(), event.from()), reply.name());
        if (search.add(found)) {
            core.counters.add(Count.SEARCH_RESULTS);
            afterUnlock.add(() -> {
                try {
                    search.onResult.accept(found);
                } catch (RuntimeException e) {
                    core.counters.add(Count.LISTENER_FAILURES);
                    LOG.warn("search callback failed on {} for search {}", found, reply.id(), e);
                }
            });
        }
    }

    /** Forgets every waiting search, for the caller to complete once the lock is released. */
    List<PendingSearch> takeAll() {
        List<PendingSearch> open = new ArrayList<>(searches.values());
        searches.clear();
        return open;
    }

    /** A search's deadline: it completes with what it found. Not under the lock. */
    private void finish(MessageId id) {
        PendingSearch search;
        core.lock.lock();
        try {
            search = searches.remove(id);
        } finally {
            core.lock.unlock();
        }
        if (search != null) {
            search.future.complete(search.results());
        }
    }
}
