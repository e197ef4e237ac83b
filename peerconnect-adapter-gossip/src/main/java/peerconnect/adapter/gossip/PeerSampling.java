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
 */
final class PeerSampling {
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
            view.fillFrom(directory.knownPeers(), core.random);
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
        List<ViewEntry> answer = view.answerShuffle(initiator, offer.entries(), shuffleLength, core.random);
        // An unverified source gets no more bytes back than its budget (docs/PROTOCOL.md, "Amplification").
        ReplyAllowance allowance = new ReplyAllowance(event);
        List<ViewEntry> fits = new ArrayList<>(answer);
        while (!fits.isEmpty() && !allowance.spend(bodyBytes(fits))) {
            fits.remove(fits.size() - 1);
        }
        if (core.send(event.from(), new GossipBody.Shuffle(fits, true))) {
            core.counters.add(Count.SHUFFLES_SENT);
        }
    }

    /** A SHUFFLE_REPLY: taken in only from the peer, at the address, that this node's shuffle went to. */
    void handleShuffleReply(GossipBody.Shuffle answer, RequestEvent event) {
        if (pending.isEmpty() || !pending.get().target().id().equals(event.message().sender())
                || !pending.get().target().address().equals(event.from())) {
            core.reject(GossipRejection.UNSOLICITED_REPLY, event);
            return;
        }
        view.acceptAnswer(answer.entries(), pending.get().offered());
        pending = Optional.empty();
    }

    /** The view's entries, for tests and the bench. */
    List<ViewEntry> entries() {
        return view.entries();
    }

    private static int bodyBytes(List<ViewEntry> entries) {
        int size = 1;
        for (ViewEntry e : entries) {
            size += GossipCodec.entryBytes(e);
        }
        return size;
    }

    /** Not under the lock. */
    private void schedule(Duration delay) {
        Cancellable next = core.scheduler.schedule(delay, this::shuffle);
        core.lock.lock();
        try {
            if (core.closed()) {
                next.cancel();
            } else {
                timer = next;
            }
        } finally {
            core.lock.unlock();
        }
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
                if (core.send(start.target().address(), new GossipBody.Shuffle(start.offered(), false))) {
                    core.counters.add(Count.SHUFFLES_SENT);
                }
            });
        } finally {
            core.lock.unlock();
        }
        schedule(core.config.view().shuffleInterval());
    }
}
