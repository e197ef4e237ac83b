package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * The routing table of the Kademlia paper (section 2.2): 160 k-buckets, bucket {@code i} holding
 * contacts that share exactly {@code i} leading bits with this node. Buckets are made on first use,
 * so a table of a few hundred contacts costs a few hundred small objects, not 160 arrays.
 *
 * <p>Invariants (checked by {@code RoutingTableProperties}): no bucket holds more than {@code k}
 * contacts; every contact sits in the bucket of its common prefix with this node; this node is
 * never in it; each bucket is ordered least recently seen first. Not thread-safe: the owning node's
 * lock guards it.
 */
final class RoutingTable {
    /** Buckets in a table: one per bit of an id. */
    static final int BUCKETS = PeerId.BITS;

    private final PeerId self;
    private final int k;
    private final int replacementCapacity;
    private final AddressLimits limits;
    private final KBucket[] buckets = new KBucket[BUCKETS];
    private int size;

    RoutingTable(PeerId self, int k, int replacementCapacity, AddressLimits limits) {
        this.self = self;
        this.k = k;
        this.replacementCapacity = replacementCapacity;
        this.limits = limits;
    }

    /** Records that {@code contact} was heard from at {@code now}. */
    Offer offer(PeerContact contact, long now) {
        int prefix = self.commonPrefixLength(contact.id());
        if (prefix == BUCKETS) {
            return Offer.SELF;
        }
        KBucket bucket = buckets[prefix];
        if (bucket == null) {
            bucket = new KBucket(k, replacementCapacity, limits);
            buckets[prefix] = bucket;
        }
        Offer offer = bucket.offer(contact, now);
        if (offer instanceof Offer.Added) {
            size++;
        }
        return offer;
    }

    /** Removes the contact with {@code id} (it failed to answer); a replacement may take its place. */
    void remove(PeerId id) {
        int prefix = self.commonPrefixLength(id);
        if (prefix == BUCKETS || buckets[prefix] == null) {
            return;
        }
        KBucket bucket = buckets[prefix];
        int before = bucket.size();
        bucket.remove(id);
        size += bucket.size() - before;
    }

    /** The entry of {@code id}, or null. */
    KBucket.Entry entry(PeerId id) {
        KBucket bucket = bucketFor(id);
        return bucket == null ? null : bucket.entry(id);
    }

    boolean contains(PeerId id) {
        int prefix = self.commonPrefixLength(id);
        return prefix < BUCKETS && buckets[prefix] != null && buckets[prefix].contains(id);
    }

    /** The bucket for {@code id}, or null if it was never used. */
    KBucket bucketFor(PeerId id) {
        int prefix = self.commonPrefixLength(id);
        return prefix == BUCKETS ? null : buckets[prefix];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bucket at {@code index}, or null. */
    KBucket bucket(int index) {
        return buckets[index];
    }

    /** Every contact, bucket by bucket, least recently seen first within a bucket. */
    List<PeerContact> contacts() {
        List<PeerContact> all = new ArrayList<>(size);
        for (KBucket b : buckets) {
            if (b != null) {
                for (KBucket.Entry e : b.entries()) {
                    all.add(e.contact);
                }
            }
        }
        return all;
    }

    /**
     * Index of the bucket that holds this node's k-th closest contact (buckets nearer to this node
     * come first), or 0 if the table holds fewer than k: the buckets from it on hold the
     * neighbours, the farther ones only route.
     */
    int kthClosestBucket() {
        int seen = 0;
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (buckets[i] != null) {
                seen += buckets[i].size();
                if (seen >= k) {
                    return i;
                }
            }
        }
        return 0;
    }

    /** Index of the non-empty bucket closest to this node (highest index), or -1 if the table is empty. */
    int closestNonEmptyBucket() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The up to {@code n} contacts closest to {@code target} that are not {@link Liveness.Bad}, in no
     * particular order (see {@link #closestSorted}); bad contacts only fill the places left when fewer
     * than {@code n} others are known (the closest of them). Good and questionable contacts rank by
     * distance alike: a questionable one missed one call or has been quiet, and under 10 % loss a few
     * percent of live peers are questionable at any time, so ranking them last would trade the lookup's
     * closeness for little. A bad one missed its rechecks too: asking it first costs a lookup its
     * timeouts, and handing it to a peer sends that peer into them. It is still handed out when nothing
     * better is known, since a table of bad contacts (a partition, a restarted LAN) rejoins through them.
     *
     * <p>Without sorting the table: with {@code c} the common prefix of target and self, bucket
     * {@code c} holds every contact within distance {@code 2^(159-c)} of the target; all buckets above
     * {@code c} together come next (they differ from the target at bit {@code c}); then buckets
     * {@code c-1}, {@code c-2}, … each one band further away. Whole bands are taken as they are; only
     * the band that does not fit entirely is sorted to pick its closest.
     */
    List<KBucket.Entry> closest(PeerId target, int n) {
        List<KBucket.Entry> out = new ArrayList<>(Math.min(n, size));
        if (n <= 0 || size == 0) {
            return out;
        }
        collect(out, target, n, false);
        if (out.size() < n) {
            collect(out, target, n, true);
        }
        return out;
    }

    /** Adds to {@code out} the closest contacts that are bad ({@code bad}) or not, until it holds {@code n}. */
    private void collect(List<KBucket.Entry> out, PeerId target, int n, boolean bad) {
        int c = self.commonPrefixLength(target);
        if (c < BUCKETS) {
            addBand(out, target, n, c, c, bad);
            if (out.size() < n) {
                addBand(out, target, n, c + 1, BUCKETS - 1, bad);
            }
        }
        for (int i = Math.min(c, BUCKETS) - 1; i >= 0 && out.size() < n; i--) {
            addBand(out, target, n, i, i, bad);
        }
    }

    private void addBand(List<KBucket.Entry> out, PeerId target, int n, int from, int to, boolean bad) {
        List<KBucket.Entry> band = null;
        for (int i = from; i <= to; i++) {
            KBucket b = buckets[i];
            if (b != null && b.size() > 0) {
                for (KBucket.Entry e : b.entries()) {
                    if ((e.liveness instanceof Liveness.Bad) == bad) {
                        if (band == null) {
                            band = new ArrayList<>(b.size());
                        }
                        band.add(e);
                    }
                }
            }
        }
        if (band == null) {
            return;
        }
        int room = n - out.size();
        if (band.size() <= room) {
            out.addAll(band);
            return;
        }
        // Select the `room` closest with a bounded max-heap: the band above c can hold most of the
        // table, and sorting all of it for every FIND_NODE was the simulation's top cost.
        PriorityQueue<KBucket.Entry> farthestFirst = new PriorityQueue<>(room + 1,
                (x, y) -> target.compareDistances(y.id, x.id));
        for (KBucket.Entry e : band) {
            if (farthestFirst.size() < room) {
                farthestFirst.add(e);
            } else if (target.compareDistances(e.id, farthestFirst.peek().id) < 0) {
                farthestFirst.poll();
                farthestFirst.add(e);
            }
        }
        out.addAll(farthestFirst);
    }

    /** {@link #closest}, closest first. */
    List<KBucket.Entry> closestSorted(PeerId target, int n) {
        List<KBucket.Entry> out = closest(target, n);
        out.sort((x, y) -> target.compareDistances(x.id, y.id));
        return out;
    }

    /** The contacts of {@link #closest}, in the same order. */
    List<PeerContact> closestContacts(PeerId target, int n) {
        List<KBucket.Entry> entries = closest(target, n);
        List<PeerContact> out = new ArrayList<>(entries.size());
        for (KBucket.Entry e : entries) {
            out.add(e.contact);
        }
        return out;
    }

    /**
     * The bucket of {@code id} in the table of {@code self}: the number of leading bits they share,
     * 0..159. Bucket {@code i} covers distances in {@code [2^(159-i), 2^(160-i))}.
     *
     * @throws IllegalArgumentException if {@code id} is {@code self} (a node is never in its own table)
     */
    static int bucketIndex(PeerId self, PeerId id) {
        int prefix = self.commonPrefixLength(id);
        if (prefix == BUCKETS) {
            throw new IllegalArgumentException("a node has no bucket for its own id");
        }
        return prefix;
    }

    /** A random id that falls into bucket {@code index} of {@code self}'s table (for bucket refresh). */
    static PeerId randomIdInBucket(PeerId self, int index, RandomGenerator random) {
        if (index < 0 || index >= BUCKETS) {
            throw new IllegalArgumentException("bucket index out of 0..159: " + index);
        }
        byte[] own = self.toBytes();
        byte[] id = new byte[PeerId.BYTES];
        random.nextBytes(id);
        int fullBytes = index / 8;
        System.arraycopy(own, 0, id, 0, fullBytes);
        int bit = index % 8;
        // Keep self's first `bit` bits of this byte, flip the next one, keep the random rest.
        int keepMask = (0xff00 >> bit) & 0xff;
        int flip = 0x80 >> bit;
        int selfByte = own[fullBytes] & 0xff;
        int b = (selfByte & keepMask) | ((selfByte ^ flip) & flip) | (id[fullBytes] & 0xff & ~(keepMask | flip));
        id[fullBytes] = (byte) b;
        return PeerId.of(id);
    }

    @Override
    public String toString() {
        return "RoutingTable[self=" + self.shortHex() + "…, size=" + size + "]";
    }
}
