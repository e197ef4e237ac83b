package peerconnect.adapter.kademlia;

import peerconnect.domain.PeerConnectException;

/**
 * A body failed its structure checks. Thrown only inside this package's decoders and always caught
 * at the edge (handler, RPC reply, state load), where it becomes a counted {@link RejectReason}.
 */
final class MalformedBodyException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    MalformedBodyException(RejectReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    RejectReason reason() {
        return reason;
    }
}
