package peerconnect.app.metrics;

import peerconnect.domain.PeerConnectException;

/** The metrics endpoint cannot be served (its address is in use or not of this host): one sentence. */
public final class MetricsException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    MetricsException(String message, Throwable cause) {
        super(message, cause);
    }
}
