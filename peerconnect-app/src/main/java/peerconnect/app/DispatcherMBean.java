package peerconnect.app;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import peerconnect.domain.DispatcherStats;
import peerconnect.domain.PeerId;

/** Publishes a dispatcher's counters on the platform MBean server while a node runs. */
final class DispatcherMBean implements DispatcherMXBean, AutoCloseable {
    private final Supplier<DispatcherStats> stats;
    private final MBeanServer server;
    private final ObjectName name;

    private DispatcherMBean(Supplier<DispatcherStats> stats, MBeanServer server, ObjectName name) {
        this.stats = stats;
        this.server = server;
        this.name = name;
    }

    /**
     * Registers the counters of node {@code id} as {@code org.peerconnect:type=Dispatcher,node=<id hex>},
     * so several nodes in one process stay apart.
     */
    static DispatcherMBean register(PeerId id, Supplier<DispatcherStats> stats) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = objectName(id);
            DispatcherMBean bean = new DispatcherMBean(stats, server, name);
            server.registerMBean(bean, name);
            return bean;
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("node " + id.toHex() + " already publishes its counters over JMX", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot publish dispatcher counters over JMX: " + e.getMessage(), e);
        }
    }

    static ObjectName objectName(PeerId id) throws JMException {
        // Hex digits need no quoting in an ObjectName.
        return new ObjectName("org.peerconnect:type=Dispatcher,node=" + id.toHex());
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

    /** Unregisters; idempotent. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already gone: closing twice is fine.
        } catch (JMException e) {
            throw new IllegalStateException("cannot withdraw dispatcher counters from JMX: " + e.getMessage(), e);
        }
    }
}
