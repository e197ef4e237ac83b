package peerconnect.ports.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import peerconnect.domain.NodeAddress;
import peerconnect.domain.DatagramReceiver;

/** Test helper: records every delivery, with its virtual instant, across any number of endpoints. */
final class DeliveryLog {

    /** One datagram as a receiver saw it. */
    record Entry(Instant at, NodeAddress from, NodeAddress to, byte[] bytes) {
        @Override
        public String toString() {
            return at + " " + from + " -> " + to + " " + HexFormat.of().formatHex(bytes);
        }
    }

    private final VirtualTimeScheduler scheduler;
    private final List<Entry> entries = new ArrayList<>();

    DeliveryLog(VirtualTimeScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** A receiver for {@code endpoint} that logs what it gets. */
    DatagramReceiver receiverFor(InMemoryEndpoint endpoint) {
        NodeAddress to = endpoint.localAddress();
        return (from, bytes) -> entries.add(new Entry(scheduler.now(), from, to, bytes));
    }

    /** Starts {@code endpoint} with a logging receiver and returns it. */
    InMemoryEndpoint start(InMemoryEndpoint endpoint) {
        endpoint.start(receiverFor(endpoint));
        return endpoint;
    }

    List<Entry> entries() {
        return entries;
    }

    List<Entry> to(NodeAddress to) {
        return entries.stream().filter(e -> e.to().equals(to)).toList();
    }

    /** The log as text, for equality checks that compare byte contents too. */
    List<String> lines() {
        return entries.stream().map(Entry::toString).toList();
    }
}
