package peerconnect.adapter.kademlia;

import java.util.Map;

/**
 * A snapshot of a Kademlia node's counters.
 *
 * @param routingTableSize  contacts in the routing table
 * @param storedValues      values held for others
 * @param peerListEntries   entries of the peer lists held for others
 * @param requestsHandled   well-formed requests answered
 * @param rpcAttempts       requests sent, retries included
 * @param rpcFailures       RPCs that got no usable reply after all retries
 * @param lookups           iterative lookups started
 * @param evictions         contacts dropped from the table after failing to answer
 * @param rejected          bodies refused, by reason (requests, replies, saved state)
 * @param storesRefused     STOREs of this node's values and peer-list entry that a peer answered
 *                          with a refusal status
 * @param admissionsSkipped unverified senders not pinged for admission because
 *                          {@link KademliaQuotas#maxPendingAdmissions()} pings were in flight
 */
public record KademliaStats(int routingTableSize, int storedValues, int peerListEntries, long requestsHandled,
                            long rpcAttempts, long rpcFailures, long lookups, long evictions,
                            Map<RejectReason, Long> rejected, long storesRefused, long admissionsSkipped) {
    public KademliaStats {
        rejected = Map.copyOf(rejected);
    }

    /** Bodies refused for any reason. */
    public long totalRejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
