package peerconnect.app.fuzz;

import java.util.ArrayList;
import java.util.List;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.ForwardingTransport;

/**
 * A transport that keeps a copy of every datagram it sends (up to a bound) and otherwise is
 * {@code inner}: the fuzzer's corpus of valid datagrams is what real nodes wrote, so it follows the
 * protocol adapters as they change without the app knowing their body layouts.
 */
public final class RecordingTransport extends ForwardingTransport {
    private final int capacity;
    private final List<byte[]> sent = new ArrayList<>();

    public RecordingTransport(DatagramTransport inner, int capacity) {
        super(inner);
        this.capacity = capacity;
    }

    /** Copies of the datagrams sent so far, oldest first. */
    public synchronized List<byte[]> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void send(NodeAddress to, byte[] datagram) {
        synchronized (this) {
            if (sent.size() < capacity) {
                sent.add(datagram.clone());
            }
        }
        super.send(to, datagram);
    }
}
