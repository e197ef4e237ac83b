package peerconnect.ports.memory;

import peerconnect.domain.PeerConnectException;

/**
 * A task run by a {@link VirtualTimeScheduler} threw; the cause is what it threw. The scheduler stays
 * usable: the failed task is consumed and a later run continues with the next one.
 */
public final class TaskFailedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
