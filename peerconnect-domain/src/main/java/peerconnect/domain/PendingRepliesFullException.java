package peerconnect.domain;

/** The reply registry already awaits its maximum number of replies; the request was not sent. */
public final class PendingRepliesFullException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public PendingRepliesFullException(int capacity) {
        super("too many requests awaiting replies (limit " + capacity + "); request not sent");
    }
}
