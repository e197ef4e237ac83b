package peerconnect.ports.memory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import peerconnect.domain.CounterSink;
import peerconnect.domain.DatagramReceiver;
import peerconnect.domain.MessageTooLargeException;
import peerconnect.domain.NodeAddress;
import peerconnect.ports.DatagramTransport;
import peerconnect.ports.TransportClosedException;

/**
 * One node's datagram endpoint on an {@link InMemoryNetwork}; made by {@link InMemoryNetwork#endpoint()}.
 * Receivers are called on the network's scheduler thread, one datagram per task. Not thread-safe:
 * use it from the thread that drives the scheduler.
 */
public final class InMemoryEndpoint implements DatagramTransport {

    private final InMemoryNetwork network;
    private final NodeAddress address;
    final TrafficCounter counter = new TrafficCounter();
    private DatagramReceiver receiver; // null until started
    private Set<NodeAddress> groups = Set.of(); // replaced by a linked set on the first join
    private boolean closed;

    InMemoryEndpoint(InMemoryNetwork network, NodeAddress address) {
        this.network = network;
        this.address = address;
    }

    @Override
    public NodeAddress localAddress() {
        return address;
    }

    /**
     * Starts delivering arriving datagrams to {@code receiver}; datagrams that arrive before are lost.
     *
     * @throws IllegalStateException    if already started
     * @throws TransportClosedException if closed
     */
    @Override
    public void start(DatagramReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        ensureOpen("start");
        if (this.receiver != null) {
            throw new IllegalStateException(address + " is already started");
        }
        this.receiver = receiver;
        network.started(this);
    }

    /**
     * Sends a copy of {@code datagram} to a unicast address, a multicast group or
     * {@link InMemoryNetwork#broadcastAddress a broadcast address}. Whatever the network does with
     * it later (loss, partition, nobody listening) is counted, not reported.
     *
     * @throws TransportClosedException if closed
     * @throws MessageTooLargeException if larger than {@link InMemoryNetwork#MAX_DATAGRAM_BYTES}
     */
    @Override
    public void send(NodeAddress to, byte[] datagram) {
        if (closed) {
            // Only here: building the message on every send cost a few percent of a simulation's CPU.
            throw closedException("send to " + to);
        }
        network.send(this, to, datagram);
    }

    /**
     * Receives datagrams sent to {@code group} from now on. Joining twice is harmless.
     *
     * @throws IllegalArgumentException if {@code group} is not a multicast address
     * @throws TransportClosedException if closed
     */
    @Override
    public void joinGroup(NodeAddress group) {
        if (!group.isMulticast()) {
            throw new IllegalArgumentException("not a multicast group: " + group);
        }
        ensureOpen("join " + group);
        if (groups.isEmpty()) {
            groups = new LinkedHashSet<>(2);
        }
        if (groups.add(group)) {
            network.joined(this, group);
        }
    }

    /** Stops receiving datagrams sent to {@code group}; harmless if not joined. */
    public void leaveGroup(NodeAddress group) {
        if (!closed && groups.remove(group)) {
            network.left(this, group);
        }
    }

    /** Stops receiving and frees the address; datagrams in flight to it are lost. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            network.closed(this, List.copyOf(groups));
            groups = Set.of();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Whether a datagram arriving now would be handed to a receiver (started and not closed). */
    public boolean isReceiving() {
        return receiver != null && !closed;
    }

    /** This endpoint's counters: what it sent and lost (charged to the sender) and what it received. */
    public TrafficStats stats() {
        return counter.snapshot();
    }

    /** Reports {@link #stats()} as {@code memory.sent}, {@code memory.delivered} and {@code memory.lost}. */
    @Override
    public void reportCounters(CounterSink sink) {
        TrafficStats s = stats();
        sink.counter("memory.sent", s.sent());
        sink.counter("memory.delivered", s.delivered());
        sink.counter("memory.lost", s.lost());
    }

    @Override
    public String toString() {
        return "InMemoryEndpoint[" + address + (closed ? ", closed" : receiver == null ? ", not started" : "") + "]";
    }

    void receive(NodeAddress from, byte[] datagram) {
        receiver.onDatagram(from, datagram);
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw closedException(what);
        }
    }

    private TransportClosedException closedException(String what) {
        return new TransportClosedException("cannot " + what + ": in-memory endpoint " + address + " is closed");
    }
}
