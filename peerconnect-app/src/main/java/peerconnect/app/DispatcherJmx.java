package peerconnect.app;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.PeerId;

/** Publishes a dispatcher's counters on the platform MBean server while a node runs. */
final class DispatcherJmx implements DispatcherMXBean {
    private final Supplier<DispatcherStats> stats;

    private DispatcherJmx(Supplier<DispatcherStats> stats) {
        this.stats = stats;
    }

    /**
     * Registers the counters of node {@code id} as {@code org.peerconnect:type=Dispatcher,node=<id hex>},
     * so several nodes in one process stay apart.
     */
    static JmxRegistration register(PeerId id, Supplier<DispatcherStats> stats) {
        return JmxRegistration.publish("Dispatcher", id, new DispatcherJmx(stats));
    }

    static ObjectName objectName(PeerId id) throws JMException {
        return JmxRegistration.name("Dispatcher", id);
    }

    @Override
    public long getReceived() {
        return stats.get().received();
    }

    @Override
    public long getSubmitted() {
        return stats.get().submitted();
    }

    @Override
    public long getDispatched() {
        return stats.get().dispatched();
    }

    @Override
    public long getRepliesMatched() {
        return stats.get().repliesMatched();
    }

    @Override
    public Map<String, Long> getDroppedByReason() {
        Map<String, Long> byName = new TreeMap<>();
        stats.get().dropped().forEach((reason, count) -> byName.put(reason.name(), count));
        return byName;
    }

    @Override
    public long getDroppedTotal() {
        return stats.get().totalDropped();
    }

    @Override
    public long getHandlerFailures() {
        return stats.get().handlerFailures();
    }

    @Override
    public long getRequestsSent() {
        return stats.get().requestsSent();
    }

    @Override
    public long getRequestsTimedOut() {
        return stats.get().requestsTimedOut();
    }

    @Override
    public long getSendFailures() {
        return stats.get().sendFailures();
    }

    @Override
    public int getQueued() {
        return stats.get().queued();
    }

    @Override
    public int getQueueHighWater() {
        return stats.get().queueHighWater();
    }

    @Override
    public int getPendingReplies() {
        return stats.get().pendingReplies();
    }
}
