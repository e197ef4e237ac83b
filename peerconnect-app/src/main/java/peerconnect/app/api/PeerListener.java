package peerconnect.app.api;

/**
 * Told of peers joining and leaving. Called on the node's event thread (in virtual time: on the
 * thread that runs the network's scheduler), never on a receive thread, one event at a time in order.
 * A slow listener delays only later events; when more than {@link PeerConnectBuilder#EVENT_QUEUE}
 * events wait, the newest are dropped and counted ({@code library.peerEventsDropped}).
 */
@FunctionalInterface
public interface PeerListener {
    /**
     * Handles one event; an exception it throws is logged and does not reach the node.
     *
     * @param event what changed
     */
    void onPeerEvent(PeerEvent event);
}
