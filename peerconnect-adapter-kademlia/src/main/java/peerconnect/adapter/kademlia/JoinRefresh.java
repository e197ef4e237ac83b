package peerconnect.adapter.kademlia;

import java.util.List;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/**
 * Which buckets a join must still refresh after its own-id lookup: a pure rule on the lookup's
 * result.
 *
 * <p>The paper refreshes every bucket farther than the closest neighbour. But a lookup of our own id
 * that ends with the k closest peers all answered has seen every peer closer to us than the k-th of
 * them; and every peer of a bucket nearer than the k-th one's bucket is closer to us than it (a peer
 * in bucket {@code i} is less than {@code 2^(160-i)} from us, the k-th in bucket {@code j < i} at
 * least {@code 2^(159-j)}, which is no less). So a bucket nearer than that one that is still empty holds no
 * peer at all, and refreshing it would only ask some twenty peers to confirm it. Only the farther
 * buckets, of which the lookup saw a sample, may be empty by chance.
 */
final class JoinRefresh {

    private JoinRefresh() {
    }

    /**
     * The nearest bucket a join may still need to refresh, or -1 if none.
     *
     * @param self           this node's id
     * @param closest        the own-id lookup's closest peers that answered, closest first
     * @param k              the bucket size; fewer answered peers mean the lookup saw the whole network
     * @param closestNonEmpty the nearest bucket holding a contact (-1: none)
     * @return buckets {@code 0..} the returned index may hide peers: at most the one before the k-th
     *         closest peer's bucket, and never the closest non-empty bucket or nearer
     */
    static int lastUnprovenBucket(PeerId self, List<PeerContact> closest, int k, int closestNonEmpty) {
        if (closest.size() < k) {
            return -1;
        }
        int kth = self.commonPrefixLength(closest.get(k - 1).id());
        return Math.min(kth, closestNonEmpty) - 1;
    }
}
