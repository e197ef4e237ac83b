package peerconnect.ports;

import peerconnect.domain.PeerConnectException;

/** A {@link NodeStateStore} could not read, write or set aside a blob. */
public final class StateStoreException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }
}
