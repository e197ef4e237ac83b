package peerconnect.domain;

/** Base of every unchecked exception the domain throws; callers that want "any PeerConnect failure" catch this. */
public class PeerConnectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerConnectException(String message) {
        super(message);
    }

    public PeerConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
