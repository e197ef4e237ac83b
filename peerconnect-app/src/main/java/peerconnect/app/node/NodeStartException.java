package peerconnect.app.node;

import peerconnect.domain.PeerConnectException;

/**
 * A node could not start: its message is one sentence for the user naming the step that failed and
 * why (port in use, missing interface, unreadable data directory); the cause carries the detail.
 */
public final class NodeStartException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    private final String step;

    NodeStartException(String step, Throwable cause) {
        super("the node could not start (" + step + "): " + describe(cause), cause);
        this.step = step;
    }

    /** The lifecycle step that failed: {@code endpoint}, {@code dispatcher}, {@code kademlia}, ... */
    public String step() {
        return step;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
