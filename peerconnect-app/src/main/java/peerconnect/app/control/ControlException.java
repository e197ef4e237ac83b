package peerconnect.app.control;

/**
 * The control socket cannot be used: no node runs with that data directory, its socket is stale, it
 * belongs to another user, or the exchange broke off. The message is one sentence for the operator.
 */
public final class ControlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}. */
    public ControlException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
