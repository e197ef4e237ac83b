package peerconnect.domain;

/** A node key file or its text is not a valid Ed25519 key pair (see {@link NodeKey#parse(CharSequence)}). */
public final class InvalidNodeKeyException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public InvalidNodeKeyException(String message) {
        super(message);
    }

    public InvalidNodeKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
