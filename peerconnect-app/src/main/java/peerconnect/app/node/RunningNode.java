package peerconnect.app.node;

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
    NodeStatus status();

    /**
     * Stops in reverse start order: discovery, gossip, DHT (its state saved atomically), dispatcher
     * (pending reply futures fail with a shutdown error), endpoint; every thread the node started has
     * ended when this returns. Idempotent; safe from a shutdown hook.
     */
    @Override
    void close();
}
