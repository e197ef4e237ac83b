package peerconnect.adapter.gossip;

import java.util.Map;

/**
 * A snapshot of one gossip node's counters.
 *
 * @param published            messages this node published
 * @param delivered            messages from others handed to subscribers (once per message)
 * @param duplicatesSuppressed copies of rumors and searches already seen, not delivered again
 * @param pushed               MESSAGE and SEARCH_REQ datagrams sent by publishing and forwarding
 * @param stoppedForwarding    rumors this node stopped forwarding after declining the coin toss
 * @param searchesStarted      searches this node started
 * @param searchRepliesSent    answers this node sent to others' searches
 * @param searchResults        distinct peers found by this node's searches
 * @param digestsSent          anti-entropy digests sent
 * @param pullRequestsSent     requests for rumors seen in others' digests and missing here
 * @param pulledSent           rumors sent back in answer to others' digests and pull requests
 * @param rejected             datagrams refused, by reason
 * @param seenEvicted          ids dropped from the seen-set because it was full
 * @param seenExpired          ids dropped from the seen-set because they were old
 * @param sendFailures         datagrams the dispatcher refused to send
 * @param listenerFailures     subscriber calls that threw
 * @param shufflesSent         peer-sampling SHUFFLE and SHUFFLE_REPLY datagrams sent
 */
public record GossipStats(long published, long delivered, long duplicatesSuppressed, long pushed,
                          long stoppedForwarding, long searchesStarted, long searchRepliesSent, long searchResults,
                          long digestsSent, long pullRequestsSent, long pulledSent, Map<GossipRejection, Long> rejected, long seenEvicted,
                          long seenExpired, long sendFailures, long listenerFailures, long shufflesSent) {
    public GossipStats {
        rejected = Map.copyOf(rejected);
    }

    /** Datagrams refused for any reason. */
    public long totalRejected() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every datagram this node sent. */
    public long datagramsSent() {
        return pushed + searchRepliesSent + digestsSent + pullRequestsSent + pulledSent + shufflesSent;
    }
}
