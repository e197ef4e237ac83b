package peerconnect.ports.memory;

import peerconnect.domain.PeerConnectException;

/**
 * A {@link VirtualTimeScheduler} run hit its task limit before reaching idle or its deadline — most
 * often a task that keeps rescheduling itself. The scheduler stays usable.
 */
public final class TaskLimitReachedException extends PeerConnectException {
    private static final long serialVersionUID = 1L;

    public TaskLimitReachedException(String message) {
        super(message);
    }
}
