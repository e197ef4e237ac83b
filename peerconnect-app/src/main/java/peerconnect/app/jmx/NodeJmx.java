package peerconnect.app.jmx;

import peerconnect.app.node.StatusReport;

import java.util.Map;
import peerconnect.app.mxbean.NodeMXBean;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;
import peerconnect.domain.PeerId;

/** Publishes a running node's status and protocol counters on the platform MBean server. */
public final class NodeJmx implements NodeMXBean {
    private final Supplier<StatusReport> status;

    private NodeJmx(Supplier<StatusReport> status) {
        this.status = status;
    }

    /** Registers node {@code id} as {@code org.peerconnect:type=Node,node=<id hex>}. */
    public static JmxRegistration register(PeerId id, Supplier<StatusReport> status) {
        return JmxRegistration.publish("Node", id, new NodeJmx(status));
    }

    static ObjectName objectName(PeerId id) throws JMException {
        return JmxRegistration.name("Node", id);
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
}
