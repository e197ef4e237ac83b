package peerconnect.app.fuzz;

import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.ForwardingTransport;

/**
 * A transport that sends only to loopback addresses and silently drops (and counts) the rest, as a
 * lost datagram: a node fed fuzzed datagrams on a real socket may be told to answer addresses read
 * from them (a forwarded gossip search names its reply address), and a fuzz run must never send
 * outside the machine.
 */
final class LoopbackOnlyTransport extends ForwardingTransport {
    private final LongAdder refused = new LongAdder();

    LoopbackOnlyTransport(DatagramTransport inner) {
        super(inner);
    }

    /** Datagrams not sent because their destination was not a loopback address. */
    long refused() {
        return refused.sum();
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        if (to.ip().isLoopbackAddress()) {
            super.send(to, datagram);
        } else {
            refused.increment();
        }
    }

    @Override
    public void joinGroup(NodeAddress group) {
        // Never: the fuzzed node runs with multicast off.
    }
}
