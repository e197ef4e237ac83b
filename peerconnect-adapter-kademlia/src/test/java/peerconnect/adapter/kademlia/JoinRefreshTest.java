package peerconnect.adapter.kademlia;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.PeerContact;
import peerconnect.domain.PeerId;

/** Which buckets a join still refreshes after its own-id lookup: only those the lookup did not prove empty. */
class JoinRefreshTest {
    private static final PeerId SELF = PeerId.of(new byte[PeerId.BYTES]);

    /** A contact sharing exactly {@code prefix} leading bits with {@link #SELF}. */
    private static PeerContact inBucket(int prefix, int n) {
        byte[] id = new byte[PeerId.BYTES];
        id[prefix / 8] = (byte) (0x80 >>> (prefix % 8));
        id[PeerId.BYTES - 1] |= (byte) n;
        return new PeerContact(PeerId.of(id), new NodeAddress(InetAddress.getLoopbackAddress(), 1000 + n));
    }

    private static List<PeerContact> closest(int k, int kthBucket) {
        List<PeerContact> out = new ArrayList<>();
        for (int i = 0; i < k - 1; i++) {
            out.add(inBucket(kthBucket + 1 + i % 3, i));
        }
        out.add(inBucket(kthBucket, k));
        return out;
    }

    @Test
    void bucketsNearerThanTheKthClosestAreProvenAndOnlyFartherOnesMayBeRefreshed() {
        // The k-th closest is in bucket 6: buckets 7.. hold only peers the lookup saw; 0..5 may hide some.
        assertEquals(5, JoinRefresh.lastUnprovenBucket(SELF, closest(20, 6), 20, 9));
    }

    @Test
    void theClosestNonEmptyBucketBoundsTheRefreshAsThePaperSays() {
        assertEquals(2, JoinRefresh.lastUnprovenBucket(SELF, closest(20, 6), 20, 3));
    }

    @Test
    void fewerThanKAnswersMeanTheLookupSawTheWholeNetwork() {
        assertEquals(-1, JoinRefresh.lastUnprovenBucket(SELF, closest(20, 6).subList(0, 19), 20, 9));
    }

    @Test
    void aKthClosestInTheFarthestBucketLeavesNothingToRefresh() {
        assertEquals(-1, JoinRefresh.lastUnprovenBucket(SELF, closest(20, 0), 20, 4));
    }
}
