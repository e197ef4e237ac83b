package peerconnect.app;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramReceiver;
import peerconnect.ports.DatagramTransport;

/**
 * A transport that sends only to loopback addresses and silently drops (and counts) the rest, as a
 * lost datagram: a node fed fuzzed datagrams on a real socket may be told to answer addresses read
 * from them (a forwarded gossip search names its reply address), and a fuzz run must never send
 * outside the machine.
 */
final class LoopbackOnlyTransport implements DatagramTransport {
    private final DatagramTransport inner;
    private final LongAdder refused = new LongAdder();

    LoopbackOnlyTransport(DatagramTransport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** Datagrams not sent because their destination was not a loopback address. */
    long refused() {
        return refused.sum();
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        if (to.ip().isLoopbackAddress()) {
            inner.send(to, datagram);
        } else {
            refused.increment();
        }
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
    public void joinGroup(NodeAddress group) {
        // Never: the fuzzed node runs with multicast off.
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "LoopbackOnlyTransport[" + inner + "]";
    }
}
