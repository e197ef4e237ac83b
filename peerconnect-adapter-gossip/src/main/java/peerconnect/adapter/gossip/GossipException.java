package peerconnect.adapter.gossip;

import peerconnect.domain.PeerConnectException;

/** Base of the unchecked exceptions of the gossip adapter. */
public class GossipException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public GossipException(String message) {
        super(message);
    }
}
