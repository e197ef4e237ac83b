package peerconnect.ports;

import peerconnect.domain.PeerConnectException;

/** A value's lifetime (a put's TTL) outside {@link PutRequest#MIN_LIFETIME}..{@link PutRequest#MAX_LIFETIME}, or unreadable. */
public final class InvalidLifetimeException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public InvalidLifetimeException(String message) {
        super(message);
    }
}
