package peerconnect.domain;

import java.util.Map;

/**
 * A snapshot of a dispatcher's counters. Once the dispatcher is quiet ({@code queued == 0}),
 * {@code received + submitted == dispatched + repliesMatched + totalDropped()}: every event is
 * accounted for exactly once. Reported as counters under the names of its components, prefixed
 * {@code dispatcher.} (see {@link #reportCounters}).
 *
 * @param received        datagrams handed in from the network (behind a seal: those refused before
 *                        opening and those opened, not those the seal rejected)
 * @param submitted       events submitted by local code
 * @param dispatched      events given to a handler
 * @param repliesMatched  replies that completed an awaited request
 * @param dropped         events dropped, by reason (late, unknown and mismatched replies among them)
 * @param handlerFailures handler invocations that threw
 * @param requestsSent    requests sent that await a reply
 * @param requestsTimedOut awaited requests whose deadline passed
 * @param sendFailures    datagrams the transport refused to send
 * @param queued          events waiting now
 * @param queueHighWater  most events ever waiting at once
 * @param pendingReplies  replies awaited now
 * @param repliesRefusedOverBudget replies not sent because they exceeded an unverified source's
 *                        amplification budget (handlers trim first, so this stays 0 unless one does not)
 * @param verifiedSources addresses remembered as verified now
 */
public record DispatcherStats(long received, long submitted, long dispatched, long repliesMatched,
                              Map<DropReason, Long> dropped, long handlerFailures, long requestsSent,
                              long requestsTimedOut, long sendFailures, int queued, int queueHighWater,
                              int pendingReplies, long repliesRefusedOverBudget, int verifiedSources)
        implements CounterSource {
    public DispatcherStats {
        dropped = Map.copyOf(dropped);
    }

    /** A snapshot without the amplification counters (zero), for code written before they existed. */
    public DispatcherStats(long received, long submitted, long dispatched, long repliesMatched,
                           Map<DropReason, Long> dropped, long handlerFailures, long requestsSent,
                           long requestsTimedOut, long sendFailures, int queued, int queueHighWater,
                           int pendingReplies) {
        this(received, submitted, dispatched, repliesMatched, dropped, handlerFailures, requestsSent,
                requestsTimedOut, sendFailures, queued, queueHighWater, pendingReplies, 0, 0);
    }

    /** Events dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped.getOrDefault(reason, 0L);
    }

    /** Events dropped for any reason. */
    public long totalDropped() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Reports every component as {@code dispatcher.<name>}; drops as {@code dispatcher.dropped} (the
     * total) and {@code dispatcher.dropped.<REASON>} for every reason, zeros included; the levels
     * (queued, high water, pending replies, verified sources) as gauges.
     */
    @Override
    public void reportCounters(CounterSink sink) {
        sink.counter("dispatcher.received", received);
        sink.counter("dispatcher.submitted", submitted);
        sink.counter("dispatcher.dispatched", dispatched);
        sink.counter("dispatcher.repliesMatched", repliesMatched);
        sink.counter("dispatcher.dropped", totalDropped());
        for (DropReason reason : DropReason.values()) {
            sink.counter("dispatcher.dropped." + reason.name(), dropped(reason));
        }
        sink.counter("dispatcher.handlerFailures", handlerFailures);
        sink.counter("dispatcher.requestsSent", requestsSent);
        sink.counter("dispatcher.requestsTimedOut", requestsTimedOut);
        sink.counter("dispatcher.sendFailures", sendFailures);
        sink.gauge("dispatcher.queued", queued);
        sink.gauge("dispatcher.queueHighWater", queueHighWater);
        sink.gauge("dispatcher.pendingReplies", pendingReplies);
        sink.counter("dispatcher.repliesRefusedOverBudget", repliesRefusedOverBudget);
        sink.gauge("dispatcher.verifiedSources", verifiedSources);
    }
}
