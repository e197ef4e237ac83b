package peerconnect.app.jmx;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import peerconnect.domain.PeerId;

/**
 * One bean published on the platform MBean server as {@code org.peerconnect:type=<type>,node=<id hex>}
 * until closed; the node id in the name keeps several nodes in one process apart.
 */
final class JmxRegistration implements AutoCloseable {
    private final MBeanServer server;
    private final ObjectName name;

    private JmxRegistration(MBeanServer server, ObjectName name) {
        this.server = server;
        this.name = name;
    }

    static ObjectName name(String type, PeerId id) throws JMException {
        // Hex digits and a plain type word need no quoting in an ObjectName.
        return new ObjectName("org.peerconnect:type=" + type + ",node=" + id.toHex());
    }

    /** Publishes {@code bean}; fails with one sentence if the name is taken or JMX refuses it. */
    static JmxRegistration publish(String type, PeerId id, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName name = name(type, id);
            server.registerMBean(bean, name);
            return new JmxRegistration(server, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("node " + id.toHex() + " already publishes its " + type
                    + " counters over JMX", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot publish the " + type + " counters of node " + id.toHex()
                    + " over JMX: " + e.getMessage(), e);
        }
    }

    /** Withdraws the bean. Idempotent. */
    @Override
    public void close() {
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // Already withdrawn: closing twice is fine.
        } catch (JMException e) {
            throw new IllegalStateException("cannot withdraw " + name + " from JMX: " + e.getMessage(), e);
        }
    }
}
