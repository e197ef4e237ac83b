package peerconnect.app.jmx;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.ObjectName;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.PeerId;

/**
 * Publishes a dispatcher's counters on the platform MBean server while a node runs. Each attribute
 * is one of the {@code dispatcher.*} counters the dispatcher reports as a {@link CounterSource},
 * read fresh on every call: nothing here names a counter twice.
 */
public final class DispatcherJmx implements DispatcherMXBean {
    private static final String PREFIX = "dispatcher.";
    private static final String DROPPED = PREFIX + "dropped.";

    private final CounterSource dispatcher;

    private DispatcherJmx(CounterSource dispatcher) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /**
     * Registers the counters of node {@code id} as {@code org.peerconnect:type=Dispatcher,node=<id hex>},
     * so several nodes in one process stay apart.
     */
    public static JmxRegistration register(PeerId id, CounterSource dispatcher) {
        return JmxRegistration.publish("Dispatcher", id, new DispatcherJmx(dispatcher));
    }

    static ObjectName objectName(PeerId id) throws JMException {
        return JmxRegistration.name("Dispatcher", id);
    }

    private Map<String, Long> counters() {
        return CounterSink.collect(List.of(dispatcher));
    }

    /** The attribute {@code name}: the counter {@code dispatcher.<name>}, in the bean's camel case. */
    private long counter(String attribute) {
        String name = Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
        return counters().getOrDefault(PREFIX + name, 0L);
    }

    @Override
    public long getReceived() {
        return counter("Received");
    }

    @Override
    public long getSubmitted() {
        return counter("Submitted");
    }

    @Override
    public long getDispatched() {
        return counter("Dispatched");
    }

    @Override
    public long getRepliesMatched() {
        return counter("RepliesMatched");
    }

    @Override
    public Map<String, Long> getDroppedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        counters().forEach((name, count) -> {
            if (name.startsWith(DROPPED) && count != 0) {
                byReason.put(name.substring(DROPPED.length()), count);
            }
        });
        return byReason;
    }

    @Override
    public long getDroppedTotal() {
        return counter("Dropped");
    }

    @Override
    public long getHandlerFailures() {
        return counter("HandlerFailures");
    }

    @Override
    public long getRequestsSent() {
        return counter("RequestsSent");
    }

    @Override
    public long getRequestsTimedOut() {
        return counter("RequestsTimedOut");
    }

    @Override
    public long getSendFailures() {
        return counter("SendFailures");
    }

    @Override
    public int getQueued() {
        return (int) counter("Queued");
    }

    @Override
    public int getQueueHighWater() {
        return (int) counter("QueueHighWater");
    }

    @Override
    public int getPendingReplies() {
        return (int) counter("PendingReplies");
    }
}
