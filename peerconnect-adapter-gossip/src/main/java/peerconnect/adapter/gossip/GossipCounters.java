package peerconnect.adapter.gossip;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;

/**
 * Every counter of one gossip node, in one place: the sub-protocols count events here, and
 * {@link #reportCounters} and {@link #snapshot} read them. Lock-free, so reporting never waits for
 * the node's lock and a subscriber's failure is counted from whatever thread it ran on.
 */
final class GossipCounters implements CounterSource {
    /** Prefix of every key this node reports. */
    static final String PREFIX = "gossip.";

    /** An event that gossip counts; each is described on the {@link GossipStats} field it feeds. */
    enum Count {
        PUBLISHED, DELIVERED, DUPLICATES_SUPPRESSED, PUSHED, STOPPED_FORWARDING, SEARCHES_STARTED,
        SEARCH_REPLIES_SENT, SEARCH_RESULTS, DIGESTS_SENT, PULL_REQUESTS_SENT, PULLED_SENT, SEND_FAILURES,
        LISTENER_FAILURES
    }

    private final Map<Count, LongAdder> counts = filled(Count.class);
    private final Map<GossipRejection, LongAdder> rejected = filled(GossipRejection.class);

    /** Counts one {@code event}. */
    void add(Count event) {
        counts.get(event).increment();
    }

    /** Counts one datagram refused for {@code reason}. */
    void rejected(GossipRejection reason) {
        rejected.get(reason).increment();
    }

    long get(Count event) {
        return counts.get(event).sum();
    }

    /**
     * The counters as a stats record; {@code seenEvicted} and {@code seenExpired} come from the
     * seen-set, which counts them itself. Reasons never seen are left out of {@link GossipStats#rejected()}.
     */
    GossipStats snapshot(long seenEvicted, long seenExpired) {
        Map<GossipRejection, Long> refused = new EnumMap<>(GossipRejection.class);
        rejected.forEach((reason, n) -> {
            long sum = n.sum();
            if (sum > 0) {
                refused.put(reason, sum);
            }
        });
        return new GossipStats(get(Count.PUBLISHED), get(Count.DELIVERED), get(Count.DUPLICATES_SUPPRESSED),
                get(Count.PUSHED), get(Count.STOPPED_FORWARDING), get(Count.SEARCHES_STARTED),
                get(Count.SEARCH_REPLIES_SENT), get(Count.SEARCH_RESULTS), get(Count.DIGESTS_SENT),
                get(Count.PULL_REQUESTS_SENT), get(Count.PULLED_SENT), refused, seenEvicted, seenExpired,
                get(Count.SEND_FAILURES), get(Count.LISTENER_FAILURES));
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
                + get(Count.DIGESTS_SENT) + get(Count.PULL_REQUESTS_SENT) + get(Count.PULLED_SENT));
        sink.counter(PREFIX + "searchesStarted", get(Count.SEARCHES_STARTED));
        sink.counter(PREFIX + "searchResults", get(Count.SEARCH_RESULTS));
        long[] byReason = new long[GossipRejection.values().length];
        long total = 0;
        for (GossipRejection reason : GossipRejection.values()) {
            byReason[reason.ordinal()] = rejected.get(reason).sum();
            total += byReason[reason.ordinal()];
        }
        sink.counter(PREFIX + "rejected", total);
        for (GossipRejection reason : GossipRejection.values()) {
            sink.counter(PREFIX + "rejected." + reason.name(), byReason[reason.ordinal()]);
        }
        sink.counter(PREFIX + "sendFailures", get(Count.SEND_FAILURES));
        sink.counter(PREFIX + "listenerFailures", get(Count.LISTENER_FAILURES));
    }

    private static <K extends Enum<K>> Map<K, LongAdder> filled(Class<K> keys) {
        Map<K, LongAdder> map = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            map.put(key, new LongAdder());
        }
        return Collections.unmodifiableMap(map);
    }
}
