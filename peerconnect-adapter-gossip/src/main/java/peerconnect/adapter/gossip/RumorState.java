package peerconnect.adapter.gossip;

import java.util.Arrays;
import peerconnect.domain.PeerId;

/**
 * What a node knows about one rumor or search it has seen: the copy it first got, how many hops that
 * copy had made, whether it still forwards it, and the peers known to have it already (those it sent
 * it to or got it from), so that it never sends a peer the same rumor twice.
 */
final class RumorState {
    final GossipBody.Spreading body;
    /** Hops the first copy made to reach this node; 0 on the origin. */
    final int hops;
    /** When this node first saw it (its clock): anti-entropy serves only recent rumors. */
    final long receivedMillis;
    private final int maxInformed;
    private boolean forwarding = true;
    private PeerId[] informed = new PeerId[4];
    private int informedCount;

    RumorState(GossipBody.Spreading body, int hops, long receivedMillis, int maxInformed) {
        this.body = body;
        this.hops = hops;
        this.receivedMillis = receivedMillis;
        this.maxInformed = maxInformed;
    }

    boolean forwarding() {
        return forwarding;
    }

    /** Stops forwarding for good; the peer list is no longer needed. */
    void stop() {
        forwarding = false;
        informed = null;
        informedCount = 0;
    }

    /** Remembers that {@code peer} has the rumor, unless {@code maxInformed} peers are remembered already. */
    void markInformed(PeerId peer) {
        if (informed == null || informedCount >= maxInformed || isInformed(peer)) {
            return;
        }
        if (informedCount == informed.length) {
            informed = Arrays.copyOf(informed, informedCount * 2);
        }
        informed[informedCount++] = peer;
    }

    boolean isInformed(PeerId peer) {
        for (int i = 0; i < informedCount; i++) {
            if (informed[i].equals(peer)) {
                return true;
            }
        }
        return false;
    }
}
