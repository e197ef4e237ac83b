package peerconnect.adapter.kademlia;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * One k-bucket (Kademlia paper, section 2.2): at most {@code k} contacts ordered by when they were
 * last seen, least recently seen first, plus a small cache of replacements heard while the bucket
 * was full (section 4.1). Not thread-safe: the owning node's lock guards it.
 */
final class KBucket {

    /**
     * A contact, when we last heard from it (milliseconds of the node's clock), how alive it is and
     * how long its round trips take. A new entry is {@link Liveness.Good}: it enters only after an
     * answer.
     */
    static final class Entry {
        final PeerContact contact;
        final PeerId id;
        long lastSeen;
        Liveness liveness;
        RttEstimate rtt = RttEstimate.NONE;

        Entry(PeerContact contact, long lastSeen) {
            this.contact = contact;
            this.id = contact.id();
            this.lastSeen = lastSeen;
            this.liveness = new Liveness.Good(lastSeen);
        }
    }

    private final int capacity;
    private final int replacementCapacity;
    private final AddressLimits limits;
    // Least recently seen first: the head is the eviction candidate, the tail the freshest contact.
    private final ArrayList<Entry> entries = new ArrayList<>(4);
    private ArrayDeque<Entry> replacements; // newest last; made on first use, most buckets never need one
    boolean evictionPingPending;

    KBucket(int capacity, int replacementCapacity, AddressLimits limits) {
        this.capacity = capacity;
        this.replacementCapacity = replacementCapacity;
        this.limits = limits;
    }

    /**
     * Records that {@code contact} was seen now.
     *
     * @return {@link Offer.Added} or {@link Offer.Updated}, {@link Offer.BucketFull} naming the
     *         least recently seen contact to ping (the newcomer then waits in the replacement cache),
     *         or {@link Offer.OverQuota} if its address or subnet already has its share of the bucket
     */
    Offer offer(PeerContact contact, long now) {
        PeerId id = contact.id();
        int at = indexOf(id);
        if (at >= 0) {
            if (!entries.get(at).contact.address().equals(contact.address())
                    && !limits.admits(entries, contact.address().ip(), id)) {
                return Offer.OVER_QUOTA;
            }
            Entry known = entries.remove(at);
            if (known.contact.address().equals(contact.address())) {
                known.lastSeen = Math.max(known.lastSeen, now);
                entries.add(known); // same contact: its liveness and round-trip times carry on
            } else {
                entries.add(new Entry(contact, now)); // moved: nothing measured at the old address holds
            }
            return Offer.UPDATED;
        }
        if (!limits.admits(entries, contact.address().ip(), null)) {
            return Offer.OVER_QUOTA;
        }
        if (entries.size() < capacity) {
            entries.add(new Entry(contact, now));
            return Offer.ADDED;
        }
        cacheReplacement(new Entry(contact, now));
        return new Offer.BucketFull(entries.get(0));
    }

    /** The entry of {@code id}, or null. */
    Entry entry(PeerId id) {
        int at = indexOf(id);
        return at < 0 ? null : entries.get(at);
    }

    /** Whether a new contact at {@code ip} would be within the bucket's address and subnet caps. */
    boolean admits(java.net.InetAddress ip) {
        return limits.admits(entries, ip, null);
    }

    /**
     * Removes the contact with {@code id}, if present, and promotes the newest replacement into its
     * place.
     *
     * @return whether it was present
     */
    boolean remove(PeerId id) {
        int at = indexOf(id);
        if (at < 0) {
            removeReplacement(id);
            return false;
        }
        entries.remove(at);
        Entry promoted = replacements == null ? null : newestAdmissibleReplacement();
        if (promoted != null) {
            // The newest replacement takes the place; it goes where its last-seen time puts it.
            int pos = entries.size();
            while (pos > 0 && entries.get(pos - 1).lastSeen > promoted.lastSeen) {
                pos--;
            }
            entries.add(pos, promoted);
        }
        return true;
    }

    /** The first {@link Liveness.Bad} contact, or null. */
    Entry firstBad() {
        for (Entry e : entries) {
            if (e.liveness instanceof Liveness.Bad) {
                return e;
            }
        }
        return null;
    }

    boolean contains(PeerId id) {
        return indexOf(id) >= 0;
    }

    int size() {
        return entries.size();
    }

    int replacementCount() {
        return replacements == null ? 0 : replacements.size();
    }

    /** The entries, least recently seen first (live view; do not modify). */
    List<Entry> entries() {
        return entries;
    }

    /** Takes out the newest replacement within the caps, if any (others stay: the caps may admit them later). */
    private Entry newestAdmissibleReplacement() {
        for (Iterator<Entry> it = replacements.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (limits.admits(entries, e.contact.address().ip(), null)) {
                it.remove();
                return e;
            }
        }
        return null;
    }

    private void cacheReplacement(Entry e) {
        if (replacementCapacity == 0) {
            return;
        }
        if (replacements == null) {
            replacements = new ArrayDeque<>(Math.min(replacementCapacity, 4));
        }
        removeReplacement(e.id);
        replacements.addLast(e);
        if (replacements.size() > replacementCapacity) {
            replacements.pollFirst();
        }
    }

    private void removeReplacement(PeerId id) {
        if (replacements == null) {
            return;
        }
        for (Iterator<Entry> it = replacements.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.id.equals(id)) {
                it.remove();
                return;
            }
        }
    }

    private int indexOf(PeerId id) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.id.equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
