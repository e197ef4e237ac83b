package peerconnect.app.simulate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import peerconnect.domain.PeerContact;

/**
 * Peer views for simulations that look like what a Kademlia routing table holds (Maymounkov and
 * Mazières, 2002, section 2.2): for every bucket {@code i} — the peers whose id shares exactly
 * {@code i} leading bits with the node's own — up to {@code k} of them, chosen at random. It stands in
 * for the real DHT, which the app wires in through the {@code PeerDirectory} port.
 *
 * <p>Cheap: the ids are sorted once, and the peers of bucket {@code i} of a node are one contiguous
 * range of the sorted order (its own prefix of length {@code i} with bit {@code i} flipped), found by
 * binary search; no pair of nodes is ever compared. Ranges use the top 64 bits of each id, enough to
 * tell apart the buckets of any network smaller than billions of nodes.
 */
final class KademliaShapedViews {
    private KademliaShapedViews() {
    }

    /** One view per contact, in the order given; each an immutable list, never holding the node itself. */
    static List<List<PeerContact>> build(List<PeerContact> contacts, int k, RandomGenerator random) {
        int n = contacts.size();
        Integer[] order = new Integer[n];
        long[] top = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            top[i] = top64(contacts.get(i));
        }
        Arrays.sort(order, Comparator.comparing(i -> top[i], Long::compareUnsigned));
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = top[order[i]];
        }
        List<List<PeerContact>> views = new ArrayList<>(n);
        for (int node = 0; node < n; node++) {
            long own = top[node];
            List<PeerContact> view = new ArrayList<>();
            for (int bucket = 0; bucket < 64; bucket++) {
                long bit = 1L << (63 - bucket);
                long prefixMask = bucket == 0 ? 0 : -1L << (64 - bucket);
                // Bucket i: own first i bits, bit i flipped, anything after.
                long low = (own & prefixMask) | ((own & bit) ^ bit);
                long high = low | (bit - 1);
                int from = lowerBound(sorted, low);
                int to = upperBound(sorted, high);
                int size = to - from;
                if (size > 0) {
                    pick(order, from, size, k, random, contacts, view);
                }
                // Stop once no other node shares this node's prefix one bit longer.
                long deeperLow = (own & (prefixMask | bit));
                long deeperHigh = deeperLow | (bit - 1);
                int peersBelow = upperBound(sorted, deeperHigh) - lowerBound(sorted, deeperLow) - 1;
                if (peersBelow <= 0) {
                    break;
                }
            }
            views.add(List.copyOf(view));
        }
        return views;
    }

    private static void pick(Integer[] order, int from, int size, int k, RandomGenerator random,
                             List<PeerContact> contacts, List<PeerContact> view) {
        if (size <= k) {
            for (int j = from; j < from + size; j++) {
                view.add(contacts.get(order[j]));
            }
            return;
        }
        // k distinct offsets by a partial Fisher-Yates over a small index array.
        int[] idx = new int[size];
        for (int j = 0; j < size; j++) {
            idx[j] = j;
        }
        for (int j = 0; j < k; j++) {
            int r = j + random.nextInt(size - j);
            int t = idx[j];
            idx[j] = idx[r];
            idx[r] = t;
            view.add(contacts.get(order[from + idx[j]]));
        }
    }

    private static long top64(PeerContact c) {
        byte[] b = c.id().toBytes();
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** First index whose value is not below {@code key} (unsigned). */
    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index whose value is above {@code key} (unsigned). */
    private static int upperBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(a[mid], key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

}
