package peerconnect.adapter.gossip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * A node's gossip view: at most {@code capacity} peers, kept a uniform sample of the live network by
 * shuffling, CYCLON style (Voulgaris, Gavidia and van Steen, 2005). Each round a node ages its entries,
 * takes out the oldest, and swaps a few entries, itself included, with that peer. A node enters one
 * view per round as it shuffles and leaves one as it is shuffled with, so every live node ends up in
 * about {@code capacity} views, however late it joined or however few routing tables hold it; a dead
 * peer, chosen as the oldest, never answers and is gone.
 *
 * <p>Pure apart from the generator it is handed; not thread-safe (the node's lock guards it). Small:
 * a list of {@code capacity} entries, so lookups are linear scans.
 */
final class PeerView {
    private final PeerId self;
    private final int capacity;
    private final List<ViewEntry> entries;

    PeerView(PeerId self, int capacity) {
        this.self = Objects.requireNonNull(self, "self");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayList<>(capacity);
    }

    /** The start of a shuffle: the peer to send it to (out of the view now) and the entries offered. */
    record ShuffleStart(PeerContact target, List<ViewEntry> offered) {
        ShuffleStart {
            offered = List.copyOf(offered);
        }
    }

    int size() {
        return entries.size();
    }

    boolean isFull() {
        return entries.size() == capacity;
    }

    /** The peers, in view order. */
    List<PeerContact> contacts() {
        List<PeerContact> out = new ArrayList<>(entries.size());
        for (ViewEntry e : entries) {
            out.add(e.contact());
        }
        return out;
    }

    List<ViewEntry> entries() {
        return List.copyOf(entries);
    }

    boolean contains(PeerId id) {
        return indexOf(id) >= 0;
    }

    /**
     * Fills the empty places with peers of {@code candidates} not in the view yet, chosen uniformly
     * (what the routing table knows, before shuffles have mixed the view). Never evicts.
     */
    void fillFrom(List<PeerContact> candidates, RandomGenerator random) {
        if (isFull() || candidates.isEmpty()) {
            return;
        }
        List<PeerContact> fresh = FanoutSampler.sample(candidates, capacity - entries.size(),
                c -> c.id().equals(self) || contains(c.id()), random);
        for (PeerContact c : fresh) {
            entries.add(ViewEntry.fresh(c));
        }
    }

    /** Adds {@code contact} if there is room and it is not there yet; returns whether it was added. */
    boolean offer(PeerContact contact) {
        if (isFull() || contact.id().equals(self) || contains(contact.id())) {
            return false;
        }
        entries.add(ViewEntry.fresh(contact));
        return true;
    }

    /** Takes {@code id} out of the view, if it is there. */
    void remove(PeerId id) {
        int i = indexOf(id);
        if (i >= 0) {
            entries.remove(i);
        }
    }

    /**
     * The active side of a round: every entry ages by one; the oldest (the first of them in view order
     * on a tie) leaves the view and is the target; up to {@code length - 1} other entries, chosen
     * uniformly, are offered (the node adds itself when it sends). Empty if the view is empty.
     */
    Optional<ShuffleStart> startShuffle(int length, RandomGenerator random) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        int oldest = 0;
        for (int i = 0; i < entries.size(); i++) {
            entries.set(i, entries.get(i).older());
            if (entries.get(i).age() > entries.get(oldest).age()) {
                oldest = i;
            }
        }
        PeerContact target = entries.remove(oldest).contact();
        return Optional.of(new ShuffleStart(target, FanoutSampler.sample(entries, length - 1, e -> false, random)));
    }

    /**
     * The passive side: answers {@code initiator}'s offer with up to {@code length} of its own entries,
     * chosen uniformly (never the initiator's own), then takes in the initiator, fresh, and the offered
     * entries, giving up the answered ones to make room ({@link #merge}). Returns the answer.
     */
    List<ViewEntry> answerShuffle(PeerContact initiator, List<ViewEntry> offered, int length, RandomGenerator random) {
        List<ViewEntry> answer = FanoutSampler.sample(entries, length,
                e -> e.contact().id().equals(initiator.id()), random);
        // The initiator's address is the one its datagram came from: first-hand, so it replaces hearsay.
        remove(initiator.id());
        List<ViewEntry> incoming = new ArrayList<>(offered.size() + 1);
        incoming.add(ViewEntry.fresh(initiator));
        incoming.addAll(offered);
        merge(incoming, answer);
        return answer;
    }

    /** The active side again: takes in the target's answer, giving up the entries it offered to make room. */
    void acceptAnswer(List<ViewEntry> answer, List<ViewEntry> offered) {
        merge(answer, offered);
    }

    /**
     * Takes each incoming entry that is neither this node nor in the view already: into an empty place
     * if there is one, else in place of one of {@code replaceable} still in the view (in their order);
     * else it is dropped. So the view never grows beyond its capacity and never holds a peer twice.
     */
    private void merge(List<ViewEntry> incoming, List<ViewEntry> replaceable) {
        int next = 0;
        for (ViewEntry e : incoming) {
            PeerId id = e.contact().id();
            if (id.equals(self) || contains(id)) {
                continue;
            }
            if (!isFull()) {
                entries.add(e);
                continue;
            }
            while (next < replaceable.size()) {
                int i = indexOf(replaceable.get(next++).contact().id());
                if (i >= 0) {
                    entries.set(i, e);
                    break;
                }
            }
        }
    }

    private int indexOf(PeerId id) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).contact().id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
