package peerconnect.adapter.gossip;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;

/**
 * Every counter of one gossip node, in one place: the sub-protocols count events here, and
 * {@link #reportCounters} and {@link #snapshot} read them. Lock-free, so reporting never waits for
 * the node's lock and a subscriber's failure is counted from whatever thread it ran on; two arrays
 * per node, so a simulation of 10,000 nodes carries them cheaply.
 */
final class GossipCounters implements CounterSource {
    /** Prefix of every key this node reports. */
    static final String PREFIX = "gossip.";

    /** An event that gossip counts; each is described on the {@link GossipStats} field it feeds. */
    enum Count {
        PUBLISHED, DELIVERED, DUPLICATES_SUPPRESSED, PUSHED, STOPPED_FORWARDING, SEARCHES_STARTED,
        SEARCH_REPLIES_SENT, SEARCH_RESULTS, DIGESTS_SENT, PULL_REQUESTS_SENT, PULLED_SENT, SEND_FAILURES,
        LISTENER_FAILURES, SHUFFLES_SENT
    }

    // Indexed by ordinal: in-memory only, never on the wire or in a key.
    private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);
    private final AtomicLongArray rejected = new AtomicLongArray(GossipRejection.values().length);

    /** Counts one {@code event}. */
    void add(Count event) {
        counts.incrementAndGet(event.ordinal());
    }

    /** Counts one datagram refused for {@code reason}. */
    void rejected(GossipRejection reason) {
        rejected.incrementAndGet(reason.ordinal());
    }

    long get(Count event) {
        return counts.get(event.ordinal());
    }

    /**
     * The counters as a stats record; {@code seenEvicted} and {@code seenExpired} come from the
     * seen-set, which counts them itself. Reasons never seen are left out of {@link GossipStats#rejected()}.
     */
    GossipStats snapshot(long seenEvicted, long seenExpired) {
        Map<GossipRejection, Long> refused = new EnumMap<>(GossipRejection.class);
        for (GossipRejection reason : GossipRejection.values()) {
            long n = rejected.get(reason.ordinal());
            if (n > 0) {
                refused.put(reason, n);
            }
        }
        return new GossipStats(get(Count.PUBLISHED), get(Count.DELIVERED), get(Count.DUPLICATES_SUPPRESSED),
                get(Count.PUSHED), get(Count.STOPPED_FORWARDING), get(Count.SEARCHES_STARTED),
                get(Count.SEARCH_REPLIES_SENT), get(Count.SEARCH_RESULTS), get(Count.DIGESTS_SENT),
                get(Count.PULL_REQUESTS_SENT), get(Count.PULLED_SENT), refused, seenEvicted, seenExpired,
                get(Count.SEND_FAILURES), get(Count.LISTENER_FAILURES), get(Count.SHUFFLES_SENT));
    }

    /**
     * Reports {@code gossip.published}, {@code .delivered}, {@code .duplicatesSuppressed},
     * {@code .datagramsSent} (every datagram of {@link GossipStats#datagramsSent()}),
     * {@code .searchesStarted}, {@code .searchResults}, {@code .rejected} (all reasons) and
     * {@code .rejected.<REASON>} for every {@link GossipRejection}, zeros included, then
     * {@code .sendFailures} and {@code .listenerFailures}.
     */
    @Override
    public void reportCounters(CounterSink sink) {
        sink.counter(PREFIX + "published", get(Count.PUBLISHED));
        sink.counter(PREFIX + "delivered", get(Count.DELIVERED));
        sink.counter(PREFIX + "duplicatesSuppressed", get(Count.DUPLICATES_SUPPRESSED));
        sink.counter(PREFIX + "datagramsSent", get(Count.PUSHED) + get(Count.SEARCH_REPLIES_SENT)
                + get(Count.DIGESTS_SENT) + get(Count.PULL_REQUESTS_SENT) + get(Count.PULLED_SENT)
                + get(Count.SHUFFLES_SENT));
        sink.counter(PREFIX + "searchesStarted", get(Count.SEARCHES_STARTED));
        sink.counter(PREFIX + "searchResults", get(Count.SEARCH_RESULTS));
        long[] byReason = new long[GossipRejection.values().length];
        long total = 0;
        for (GossipRejection reason : GossipRejection.values()) {
            byReason[reason.ordinal()] = rejected.get(reason.ordinal());
            total += byReason[reason.ordinal()];
        }
        sink.counter(PREFIX + "rejected", total);
        for (GossipRejection reason : GossipRejection.values()) {
            sink.counter(PREFIX + "rejected." + reason.name(), byReason[reason.ordinal()]);
        }
        sink.counter(PREFIX + "sendFailures", get(Count.SEND_FAILURES));
        sink.counter(PREFIX + "listenerFailures", get(Count.LISTENER_FAILURES));
    }
}
