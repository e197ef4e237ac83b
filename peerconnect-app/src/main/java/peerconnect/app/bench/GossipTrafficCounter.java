package peerconnect.app.bench;

import java.util.concurrent.atomic.LongAdder;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.RootCode;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.ForwardingTransport;

/**
 * A transport that counts the gossip datagrams (root code {@code 0x02}, the envelope's first byte) it
 * sends and their bytes, envelope included: what {@code bench gossip} charges to the rumors.
 */
final class GossipTrafficCounter extends ForwardingTransport {
    private final LongAdder datagrams = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    GossipTrafficCounter(DatagramTransport inner) {
        super(inner);
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        if (datagram.length > 0 && datagram[0] == RootCode.GOSSIP.code()) {
            datagrams.increment();
            bytes.add(datagram.length);
        }
        super.send(to, datagram);
    }

    long datagrams() {
        return datagrams.sum();
    }

    long bytes() {
        return bytes.sum();
    }
}
