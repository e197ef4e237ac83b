package peerconnect.ports;

import peerconnect.domain.PeerConnectException;

/** A transport was used after it was closed. */
public final class TransportClosedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public TransportClosedException(String message) {
        super(message);
    }
}
