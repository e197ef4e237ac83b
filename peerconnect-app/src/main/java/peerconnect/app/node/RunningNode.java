package peerconnect.app.node;

import java.util.TreeMap;
import peerconnect.domain.CounterSink;
import peerconnect.ports.DistributedHashTable;
import peerconnect.ports.Gossip;
import peerconnect.ports.PeerRecord;

/**
 * A started node, as the console, the one-shot commands and the tests drive it. {@code PeerNodes}
 * starts one; {@link #close()} stops it.
 */
public interface RunningNode extends AutoCloseable {
    /** This node: peer id, the address peers reach it at, display name. */
    PeerRecord self();

    /** The DHT: lookups, values, peer search. */
    DistributedHashTable dht();

    /** Rumors and search by gossip; subscribe to print incoming messages. */
    Gossip gossip();

    /** A fresh snapshot of what {@code status} shows. Never blocks. */
    StatusReport status();

    /**
     * Reports every counter {@code status} shows to {@code sink}, fresh; a node that can tells levels
     * ({@link CounterSink#gauge}) and latency histograms apart for a metrics format. Never blocks.
     */
    default void reportMetrics(CounterSink sink) {
        StatusReport status = status();
        status.dispatcher().reportCounters(sink);
        new TreeMap<>(status.counters()).forEach(sink::counter);
    }

    /**
     * Stops in reverse start order: discovery, gossip, DHT (its state saved atomically), dispatcher
     * (pending reply futures fail with a shutdown error), endpoint; every thread the node started has
     * ended when this returns. Idempotent; safe from a shutdown hook.
     */
    @Override
    void close();
}
