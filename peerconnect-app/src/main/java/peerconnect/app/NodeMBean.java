package peerconnect.app;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import peerconnect.domain.PeerId;

/** Publishes a running node's status and protocol counters on the platform MBean server. */
final class NodeMBean implements NodeMXBean, AutoCloseable {
    private final Supplier<NodeStatus> status;
    private final MBeanServer server;
    private final ObjectName name;

    private NodeMBean(Supplier<NodeStatus> status, MBeanServer server, ObjectName name) {
        this.status = status;
        this.server = server;
        this.name = name;
    }

    /** Registers node {@code id} as {@code org.peerconnect:type=Node,node=<id hex>}. */
    static NodeMBean register(PeerId id, Supplier<NodeStatus> status) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = objectName(id);
            NodeMBean bean = new NodeMBean(status, server, name);
            server.registerMBean(bean, name);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException("cannot publish the counters of node " + id.toHex() + " over JMX: "
                    + e.getMessage(), e);
        }
    }

    static ObjectName objectName(PeerId id) throws JMException {
        return new ObjectName("org.peerconnect:type=Node,node=" + id.toHex());
    }

    @Override
    public String getPeerId() {
        return status.get().self().contact().id().toHex();
    }

    @Override
    public String getName() {
        return status.get().self().name();
    }

    @Override
    public String getAddress() {
        return status.get().self().contact().address().toString();
    }

    @Override
    public boolean isBootstrapped() {
        return status.get().bootstrapped();
    }

    @Override
    public String getDiscoveryState() {
        return status.get().discovery();
    }

    @Override
    public int getKnownPeers() {
        return status.get().bucketFill().values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public Map<String, Long> getCounters() {
        return new TreeMap<>(status.get().counters());
    }

    /** Withdraws the bean. Idempotent. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already withdrawn
        } catch (JMException e) {
            throw new IllegalStateException("cannot withdraw " + name + ": " + e.getMessage(), e);
        }
    }
}
