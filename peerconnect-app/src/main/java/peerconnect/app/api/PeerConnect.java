package peerconnect.app.api;

import peerconnect.app.node.SystemScheduler;
import peerconnect.domain.Scheduler;

/**
 * The entry point of PeerConnect as a library: {@code PeerConnect.builder().name("alice").start()}
 * gives a running node (discovery, DHT, gossip, request/reply on application root codes).
 */
public final class PeerConnect {
    private PeerConnect() {
    }

    /**
     * A builder of one node, every field at its default.
     *
     * @return a new builder
     */
    public static PeerConnectBuilder builder() {
        return new PeerConnectBuilder();
    }

    /**
     * The real-time {@link Scheduler} the node itself runs on (system clock, a virtual thread per task,
     * one timer thread), for those who wire the adapters themselves. Close it when done.
     *
     * @param name prefix of its threads' names
     * @return the scheduler, running
     */
    public static ClosableScheduler systemScheduler(String name) {
        SystemScheduler s = new SystemScheduler(name);
        return new ClosableScheduler(s);
    }
}
