package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.Cancellable;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.RequestEvent;

/**
 * Anti-entropy, push-pull: every interval a node sends a DIGEST of its recent rumor ids to one
 * random peer; the peer sends back the rumors missing from it and a PULL_REQUEST for the ids it
 * lacks, which the node answers with those rumors. So a rumor whose pushes were all lost still
 * arrives within an interval or two. Answers stay within the source's reply budget
 * ({@link PullReply}). Called under the node's lock unless said otherwise.
 */
final class AntiEntropy {
    /** Rumors sent back for one digest: enough to catch up after a short gap, bounded so a digest is no lever for floods. */
    static final int MAX_PULL_REPLIES = 8;
    /**
     * How long a rumor has been here before anti-entropy names it, in digests and shuffles, or sends
     * it for a digest that lacks it: a younger one is still being pushed (push reaches 200 nodes on
     * one loaded host in tens of milliseconds, 10,000 LAN nodes in 6 hops), so a pull would only race
     * the push it duplicates.
     */
    static final long SETTLED_MILLIS = 100;

    private final GossipCore core;
    private final SourceCheck checks;
    /** The gossip view, where digests go; called under the lock. */
    private final Supplier<List<PeerContact>> peers;
    /** Ids one digest carries: as many as fit one datagram, at most what its two-byte count can say. */
    private final int maxDigestIds;
    // ---- guarded by the lock ----
    private Cancellable timer = () -> { };

    AntiEntropy(GossipCore core, SourceCheck checks, Supplier<List<PeerContact>> peers) {
        this.core = core;
        this.checks = checks;
        this.peers = peers;
        int digestRoom = (core.dispatcher.codec().maxBodyBytes() - 2) / 8;
        this.maxDigestIds = Math.max(0, Math.min(digestRoom, GossipCodec.MAX_DIGEST_IDS));
    }

    /** Schedules the first digest, if the settings ask for anti-entropy. Not under the lock. */
    void start() {
        if (!core.config.antiEntropyEnabled()) {
            return;
        }
        long interval = core.config.antiEntropyInterval().toMillis();
        long phase;
        core.lock.lock();
        try {
            // A random phase per node, so digests do not all leave at the same instant.
            phase = core.random.nextLong(Math.max(1, interval));
        } finally {
            core.lock.unlock();
        }
        scheduleDigest(Duration.ofMillis(phase));
    }

    /** Cancels the next digest. */
    void stop() {
        timer.cancel();
    }

    /** A DIGEST: sends back the recent rumors it lacks and asks for those of its ids we lack. */
    void handleDigest(GossipBody.Digest digest, RequestEvent event) {
        long now = core.now();
        List<GossipBody.Rumor> missing = new ArrayList<>();
        core.seen.forEachRecent(now, core.config.antiEntropyWindow().toMillis(), (id, state) -> {
            if (state.body instanceof GossipBody.Rumor r && settled(state, now) && !digest.contains(id)) {
                missing.add(r.withAge(state.hops));
            }
            return missing.size() < MAX_PULL_REPLIES;
        });
        // Push-pull: rumors in the digest that we lack are asked for, so a rumor whose first pushes were
        // all lost spreads from its origin's next digest instead of waiting for someone to ask the origin.
        long[] wanted = new long[Math.min(digest.size(), MAX_PULL_REPLIES)];
        int n = 0;
        for (long id : digest.ids()) {
            if (n == wanted.length) {
                break;
            }
            if (core.seen.get(id, now) == null) {
                wanted[n++] = id;
            }
        }
        send(PullReply.plan(event.replyBudget().totalBytes(), missing, Arrays.copyOf(wanted, n)), event.from());
    }

    /** A PULL_REQUEST: sends back those of the asked rumors we got within the window. */
    void handlePullRequest(GossipBody.PullRequest request, RequestEvent event) {
        long now = core.now();
        long window = core.config.antiEntropyWindow().toMillis();
        List<GossipBody.Rumor> asked = new ArrayList<>();
        for (long id : request.ids()) {
            if (asked.size() == MAX_PULL_REPLIES) {
                break;
            }
            RumorState state = core.seen.get(id, now);
            if (state != null && state.body instanceof GossipBody.Rumor r && now - state.receivedMillis <= window) {
                asked.add(r.withAge(state.hops));
            }
        }
        send(PullReply.plan(event.replyBudget().totalBytes(), asked, new long[0]), event.from());
    }

    /**
     * Carries out {@code reply} towards {@code to}. Rumors held back from an unverified source wait
     * for an address check: once the source answers it they follow in full; if it never does, they
     * are not sent (docs/PROTOCOL.md, "Amplification").
     */
    private void send(PullReply reply, NodeAddress to) {
        for (GossipBody.Rumor r : reply.rumors()) {
            if (core.send(to, r)) {
                core.counters.add(Count.PULLED_SENT);
            }
        }
        long[] ask = reply.pullIds();
        if (ask.length > 0 && core.send(to, new GossipBody.PullRequest(ask))) {
            core.counters.add(Count.PULL_REQUESTS_SENT);
        }
        List<GossipBody.Rumor> afterCheck = reply.afterCheck();
        if (afterCheck.isEmpty()) {
            return;
        }
        checks.checkThen(to, 0, () -> core.whileOpen(() -> {
            for (GossipBody.Rumor r : afterCheck) {
                if (core.send(to, r)) {
                    core.counters.add(Count.PULLED_SENT);
                }
            }
        }), () -> { });
    }

    /** Whether the rumor of {@code state} has been here {@link #SETTLED_MILLIS} by {@code now}. */
    static boolean settled(RumorState state, long now) {
        return now - state.receivedMillis >= SETTLED_MILLIS;
    }

    /** Not under the lock. */
    private void scheduleDigest(Duration delay) {
        core.scheduleWhileOpen(delay, this::sendDigest, next -> timer = next);
    }

    /** The timer: a digest of recent rumor ids to one random peer, then the next timer. Not under the lock. */
    private void sendDigest() {
        core.lock.lock();
        try {
            if (core.closed()) {
                return;
            }
            List<PeerContact> target = FanoutSampler.sample(peers.get(), 1, p -> p.id().equals(core.self),
                    core.random);
            if (!target.isEmpty()) {
                long[] ids = new long[maxDigestIds];
                int[] n = {0};
                long now = core.now();
                core.seen.forEachRecent(now, core.config.antiEntropyWindow().toMillis(), (id, state) -> {
                    if (state.body instanceof GossipBody.Rumor && settled(state, now)) {
                        ids[n[0]++] = id;
                    }
                    return n[0] < ids.length;
                });
                if (core.send(target.get(0).address(), new GossipBody.Digest(Arrays.copyOf(ids, n[0])))) {
                    core.counters.add(Count.DIGESTS_SENT);
                }
            }
        } finally {
            core.lock.unlock();
        }
        scheduleDigest(core.config.antiEntropyInterval());
    }
}
