package peerconnect.adapter.kademlia;

import peerconnect.domain.PeerConnectException;

/**
 * An RPC got an answer this node cannot use: the wrong operation, another sender id than expected,
 * or a malformed body. Fails the call's future; like silence, it says the peer is at fault.
 */
final class BadReplyException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    BadReplyException(String message) {
        super(message);
    }
}
