package peerconnect.adapter.gossip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import peerconnect.adapter.gossip.GossipCounters.Count;
import peerconnect.domain.Cancellable;
import peerconnect.domain.PeerContact;
import peerconnect.domain.RequestEvent;
import peerconnect.ports.PeerDirectory;

/**
 * Peer sampling: keeps the node's gossip view ({@link PeerView}) a uniform sample of the live
 * network, so that every node is a push target about equally often — the routing table is not: a
 * full Kademlia bucket keeps its oldest contacts, so a node that joined late sits in a fraction of
 * the others' tables. The view starts from, and refills empty places from, the {@link PeerDirectory};
 * every {@link ViewConfig#shuffleInterval()} the node swaps a few entries with the oldest peer of its
 * view (SHUFFLE, answered by SHUFFLE_REPLY). Called under the node's lock unless said otherwise.
 *
 * <p><b>Repair.</b> With anti-entropy on, both carry the ids of the sender's {@link #RECENT_IDS}
 * newest rumors, and the receiver asks for those it lacks with a PULL_REQUEST (answered by
 * {@link AntiEntropy}). A node that every push missed hears of the rumor at its next shuffle either way, within about one shuffle
 * interval after the push is over ({@link AntiEntropy#SETTLED_MILLIS}), instead of waiting for a digest
 * to find it.
 */
final class PeerSampling {
    /** Rumor ids a shuffle carries: the newest few, those a push may still be missing; 34 bytes. */
    static final int RECENT_IDS = 4;

    private final GossipCore core;
    private final PeerDirectory directory;
    private final PeerView view;
    private final int shuffleLength;
    // ---- guarded by the lock ----
    private Cancellable timer = () -> { };
    /** The shuffle this node started and awaits the answer to; at most one, forgotten at the next round. */
    private Optional<PeerView.ShuffleStart> pending = Optional.empty();

    PeerSampling(GossipCore core, PeerDirectory directory) {
        this.core = core;
        this.directory = directory;
        this.view = new PeerView(core.self, core.config.view().size());
        this.shuffleLength = core.config.view().shuffleLength();
    }

    /** The peers of the view, after filling empty places from the directory. */
    List<PeerContact> peers() {
        if (!view.isFull()) {
            view.fillFrom(directory.livePeers(), core.random);
        }
        return view.contacts();
    }

    /** Schedules the first shuffle at a random phase, so nodes do not all shuffle at once. Not under the lock. */
    void start() {
        long interval = core.config.view().shuffleInterval().toMillis();
        long phase;
        core.lock.lock();
        try {
            phase = core.random.nextLong(Math.max(1, interval));
        } finally {
            core.lock.unlock();
        }
        schedule(Duration.ofMillis(phase));
    }

    /** Cancels the next shuffle. */
    void stop() {
        timer.cancel();
    }

    /**
     * A SHUFFLE: answers with as many entries of ours, within the source's reply budget, and takes in
     * the sender and its entries. The sender's address is the datagram's source, never a claim.
     */
    void handleShuffle(GossipBody.Shuffle offer, RequestEvent event) {
        PeerContact initiator = new PeerContact(event.message().sender(), event.from());
        if (initiator.id().equals(core.self)) {
            return;
        }
        peers(); // a view not filled yet answers from the directory's peers, not with nothing
        List<ViewEntry> answer = view.answerShuffle(initiator, offer.entries(), shuffleLength, core.random);
        // An unverified source gets no more bytes back than its budget (docs/PROTOCOL.md, "Amplification").
        ReplyAllowance allowance = new ReplyAllowance(event);
        List<Long> recent = recentIds();
        List<ViewEntry> fits = new ArrayList<>(answer);
        while (!fits.isEmpty() && !allowance.spend(GossipCodec.shuffleBytes(fits, recent.size()))) {
            fits.remove(fits.size() - 1);
        }
        if (fits.isEmpty() && !allowance.spend(GossipCodec.shuffleBytes(fits, recent.size()))) {
            recent = List.of();
        }
        if (core.send(event.from(), new GossipBody.Shuffle(fits, recent, true))) {
            core.counters.add(Count.SHUFFLES_SENT);
        }
        pullMissing(offer.recent(), event);
    }

    /**
     * A SHUFFLE_REPLY: taken in only from the peer this node's shuffle went to, by its id. Not by its
     * address too: a dual-stack or multi-homed peer may answer from another address than the one its
     * entry holds, and a forger gains nothing here that a SHUFFLE of its own would not give it.
     */
    void handleShuffleReply(GossipBody.Shuffle answer, RequestEvent event) {
        if (pending.isEmpty() || !pending.get().target().id().equals(event.message().sender())) {
            core.reject(GossipRejection.UNSOLICITED_REPLY, event);
            return;
        }
        view.acceptAnswer(answer.entries(), pending.get().offered());
        pending = Optional.empty();
        pullMissing(answer.recent(), event);
    }

    /** Asks the sender of a shuffle for those of its newest rumors this node lacks (unless pure push). */
    private void pullMissing(List<Long> recent, RequestEvent event) {
        if (!core.config.antiEntropyEnabled()) {
            return;
        }
        long now = core.now();
        long[] wanted = new long[recent.size()];
        int n = 0;
        for (long id : recent) {
            if (core.seen.get(id, now) == null) {
                wanted[n++] = id;
            }
        }
        if (n > 0 && core.send(event.from(), new GossipBody.PullRequest(java.util.Arrays.copyOf(wanted, n)))) {
            core.counters.add(Count.PULL_REQUESTS_SENT);
        }
    }

    /**
     * Ids of the newest rumors within the anti-entropy window that have been here at least
     * {@link AntiEntropy#SETTLED_MILLIS}, newest first, at most {@link #RECENT_IDS};
     * none with anti-entropy off: the repair is a pull, and that setting means pure push.
     */
    private List<Long> recentIds() {
        if (!core.config.antiEntropyEnabled()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>(RECENT_IDS);
        long now = core.now();
        core.seen.forEachRecent(now, core.config.antiEntropyWindow().toMillis(), (id, state) -> {
            if (state.body instanceof GossipBody.Rumor && AntiEntropy.settled(state, now)) {
                ids.add(id);
            }
            return ids.size() < RECENT_IDS;
        });
        return ids;
    }

    /** Not under the lock. */
    private void schedule(Duration delay) {
        core.scheduleWhileOpen(delay, this::shuffle, next -> timer = next);
    }

    /**
     * The timer: a peer that did not answer the last shuffle stays out of the view (it was taken out
     * when the shuffle left); the view is refilled if it has room, and the next shuffle goes to its
     * oldest peer. Not under the lock.
     */
    private void shuffle() {
        core.lock.lock();
        try {
            if (core.closed()) {
                return;
            }
            pending = Optional.empty();
            peers();
            pending = view.startShuffle(shuffleLength, core.random);
            pending.ifPresent(start -> {
                if (core.send(start.target().address(), new GossipBody.Shuffle(start.offered(), recentIds(), false))) {
                    core.counters.add(Count.SHUFFLES_SENT);
                }
            });
        } finally {
            core.lock.unlock();
        }
        schedule(core.config.view().shuffleInterval());
    }
}
