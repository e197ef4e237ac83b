package peerconnect.ports;

import java.util.List;
import peerconnect.domain.CounterSink;
import peerconnect.domain.CounterSource;
import peerconnect.domain.DatagramReceiver;
import peerconnect.domain.DatagramSink;
import peerconnect.domain.NodeAddress;

/**
 * Sends and receives datagrams: the one endpoint through which a node talks to the network. Real
 * UDP sockets in the app, the in-memory network in simulations.
 */
public interface DatagramTransport extends DatagramSink, CounterSource, AutoCloseable {

    /** Where peers reach this endpoint (after binding, so a requested port 0 is resolved). */
    NodeAddress localAddress();

    /**
     * Starts delivering every received datagram, as it arrived (sealed or not), to {@code receiver}
     * (in a node, the dispatcher). Call once. The receiver is called from the transport's own receive
     * thread (or the simulation's scheduler) and must not block.
     */
    void start(DatagramReceiver receiver);

    /**
     * Sends {@code datagram} to a unicast address or a multicast group. Does not block; a datagram
     * the network cannot take is lost, as UDP datagrams are.
     *
     * @throws TransportClosedException if the transport is closed
     */
    @Override
    void send(NodeAddress to, byte[] datagram);

    /** Receives datagrams sent to multicast {@code group} from now on. */
    void joinGroup(NodeAddress group);

    /**
     * The multicast groups this endpoint listens on now, for a node's status. The default, for a
     * transport that does not tell, is none.
     */
    default List<NodeAddress> groups() {
        return List.of();
    }

    /**
     * Calls {@code listener} whenever the network under this endpoint changed in a way peers should hear
     * about: the interface came back up, was re-created or changed its addresses (the multicast groups are
     * joined again first). Called from the transport's own thread; the listener must not block. The
     * default, for a transport whose network never changes (the in-memory network), never calls it.
     */
    default void onNetworkChange(Runnable listener) {
    }

    /**
     * Reports this transport's own counters under its prefix ({@code udp.*}, {@code memory.*}). The
     * default, for a transport that keeps none, reports nothing.
     */
    @Override
    default void reportCounters(CounterSink sink) {
    }

    /** Stops receiving and releases the endpoint. Idempotent; sending afterwards fails. */
    @Override
    void close();
}
