package peerconnect.adapter.kademlia;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import peerconnect.domain.PeerContact;

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
    private final byte[] self;
    private final int k;
    private final int replacementCapacity;
    private final AddressLimits limits;
    private final KBucket[] buckets = new KBucket[Distance.BITS];
    private int size;

    RoutingTable(byte[] self, int k, int replacementCapacity, AddressLimits limits) {
        this.self = self.clone();
        this.k = k;
        this.replacementCapacity = replacementCapacity;
        this.limits = limits;
    }

    /** Records that {@code contact} (whose id bytes are {@code id}) was heard from at {@code now}. */
    Offer offer(PeerContact contact, byte[] id, long now) {
        int prefix = Distance.commonPrefix(self, id);
        if (prefix == Distance.BITS) {
            return Offer.SELF;
        }
        KBucket bucket = buckets[prefix];
        if (bucket == null) {
            bucket = new KBucket(k, replacementCapacity, limits);
            buckets[prefix] = bucket;
        }
        Offer offer = bucket.offer(contact, id, now);
        if (offer instanceof Offer.Added) {
            size++;
        }
        return offer;
    }

    /** Removes the contact with {@code id} (it failed to answer); a replacement may take its place. */
    void remove(byte[] id) {
        int prefix = Distance.commonPrefix(self, id);
        if (prefix == Distance.BITS || buckets[prefix] == null) {
            return;
        }
        KBucket bucket = buckets[prefix];
        int before = bucket.size();
        bucket.remove(id);
        size += bucket.size() - before;
    }

    /** The entry of {@code id}, or null. */
    KBucket.Entry entry(byte[] id) {
        KBucket bucket = bucketFor(id);
        return bucket == null ? null : bucket.entry(id);
    }

    boolean contains(byte[] id) {
        int prefix = Distance.commonPrefix(self, id);
        return prefix < Distance.BITS && buckets[prefix] != null && buckets[prefix].contains(id);
    }

    /** The bucket for {@code id}, or null if it was never used. */
    KBucket bucketFor(byte[] id) {
        int prefix = Distance.commonPrefix(self, id);
        return prefix == Distance.BITS ? null : buckets[prefix];
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

    /** Index of the non-empty bucket closest to this node (highest index), or -1 if the table is empty. */
    int closestNonEmptyBucket() {
        for (int i = Distance.BITS - 1; i >= 0; i--) {
            if (buckets[i] != null && buckets[i].size() > 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The up to {@code n} contacts closest to {@code target}, in no particular order (see
     * {@link #closestSorted}), without sorting the table. With {@code c} the common prefix of target
     * and self: bucket {@code c} holds every contact within distance {@code 2^(159-c)} of the target;
     * all buckets above {@code c} together come next (they differ from the target at bit {@code c});
     * then buckets {@code c-1}, {@code c-2}, … each one band further away. Whole bands are taken as
     * they are; only the band that does not fit entirely is sorted to pick its closest.
     */
    List<KBucket.Entry> closest(byte[] target, int n) {
        List<KBucket.Entry> out = new ArrayList<>(Math.min(n, size));
        if (n <= 0 || size == 0) {
            return out;
        }
        int c = Distance.commonPrefix(self, target);
        if (c < Distance.BITS) {
            addBand(out, target, n, c, c);
            if (out.size() < n) {
                addBand(out, target, n, c + 1, Distance.BITS - 1);
            }
        }
        for (int i = Math.min(c, Distance.BITS) - 1; i >= 0 && out.size() < n; i--) {
            addBand(out, target, n, i, i);
        }
        return out;
    }

    private void addBand(List<KBucket.Entry> out, byte[] target, int n, int from, int to) {
        List<KBucket.Entry> band = null;
        for (int i = from; i <= to; i++) {
            KBucket b = buckets[i];
            if (b != null && b.size() > 0) {
                if (band == null) {
                    band = new ArrayList<>(b.entries());
                } else {
                    band.addAll(b.entries());
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
        java.util.PriorityQueue<KBucket.Entry> farthestFirst = new java.util.PriorityQueue<>(room + 1,
                (x, y) -> Distance.compare(y.id, x.id, target));
        for (KBucket.Entry e : band) {
            if (farthestFirst.size() < room) {
                farthestFirst.add(e);
            } else if (Distance.compare(e.id, farthestFirst.peek().id, target) < 0) {
                farthestFirst.poll();
                farthestFirst.add(e);
            }
        }
        out.addAll(farthestFirst);
    }

    /** {@link #closest}, closest first. */
    List<KBucket.Entry> closestSorted(byte[] target, int n) {
        List<KBucket.Entry> out = closest(target, n);
        out.sort((x, y) -> Distance.compare(x.id, y.id, target));
        return out;
    }

    @Override
    public String toString() {
        return "RoutingTable[self=" + Arrays.toString(Arrays.copyOf(self, 4)) + "…, size=" + size + "]";
    }
}
