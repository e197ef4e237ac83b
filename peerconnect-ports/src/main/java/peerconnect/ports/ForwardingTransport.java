package peerconnect.ports;

import java.util.List;
import java.util.Objects;
import peerconnect.domain.CounterSink;
import peerconnect.domain.DatagramReceiver;
import peerconnect.domain.NodeAddress;

/**
 * A transport that passes every call on to another one: a decorator overrides only what it changes
 * (recording, filtering, counting).
 */
public abstract class ForwardingTransport implements DatagramTransport {
    private final DatagramTransport inner;

    protected ForwardingTransport(DatagramTransport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The transport the calls go to. */
    public DatagramTransport inner() {
        return inner;
    }

    @Override
    public NodeAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public void start(DatagramReceiver receiver) {
        inner.start(receiver);
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        inner.send(to, datagram);
    }

    @Override
    public void joinGroup(NodeAddress group) {
        inner.joinGroup(group);
    }

    @Override
    public void onNetworkChange(Runnable listener) {
        inner.onNetworkChange(listener);
    }

    @Override
    public List<NodeAddress> groups() {
        return inner.groups();
    }

    @Override
    public void reportCounters(CounterSink sink) {
        inner.reportCounters(sink);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + inner + "]";
    }
}
