package peerconnect.domain;

/** A network key file or text is not a valid key (see {@link NetworkKey#parse(CharSequence)}). */
public final class InvalidNetworkKeyException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public InvalidNetworkKeyException(String message) {
        super(message);
    }
}
