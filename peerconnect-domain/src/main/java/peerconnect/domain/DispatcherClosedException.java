package peerconnect.domain;

/** The dispatcher is closing or closed: a pending request was failed, or a new one refused. */
public final class DispatcherClosedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public DispatcherClosedException(String message) {
        super(message);
    }
}
