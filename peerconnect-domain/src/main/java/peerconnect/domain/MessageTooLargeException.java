package peerconnect.domain;

/** A message would not fit the maximum datagram size; the caller must send less. */
public final class MessageTooLargeException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(int bytes, int limit) {
        super("message of " + bytes + " bytes exceeds the " + limit + "-byte datagram limit");
    }
}
