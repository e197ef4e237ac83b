package peerconnect.domain;

/** A byte asked for as an application root code lies outside the application range. */
public final class InvalidRootCodeException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    /** An exception that says which byte was asked for and what the range is. */
    public InvalidRootCodeException(String message) {
        super(message);
    }
}
