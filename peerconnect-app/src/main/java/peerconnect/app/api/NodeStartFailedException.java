package peerconnect.app.api;

import peerconnect.domain.PeerConnectException;

/** A node built by {@link PeerConnectBuilder#start()} could not start; what it had started is stopped. */
public final class NodeStartFailedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure of a start step, with its cause.
     *
     * @param message what failed
     * @param cause the step's exception
     */
    public NodeStartFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
